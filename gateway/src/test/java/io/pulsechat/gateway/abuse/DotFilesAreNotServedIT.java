package io.pulsechat.gateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack: with {@code CHAT_PUBLIC_DIR} pointing at a checkout or a deploy folder, asking
 * for {@code /.env} or {@code /.git/config} returned the secrets in them; and a link inside the
 * folder to a file or folder outside it was followed. Both now answer 404.
 */
class DotFilesAreNotServedIT {
  @TempDir
  static Path tmp;
  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("public"));
    Files.writeString(dir.resolve("index.html"), "<!doctype html><title>ok</title>");
    Files.writeString(dir.resolve(".env"), "AWS_SECRET_ACCESS_KEY=very-secret");
    Files.createDirectories(dir.resolve(".git"));
    Files.writeString(dir.resolve(".git/config"), "[remote \"origin\"]\n\turl = https://token@example.com/x.git\n");
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "outside-secret");
    Files.createSymbolicLink(dir.resolve("link.txt"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(dir.resolve("linked"), outside);
    Files.writeString(dir.resolve("real.txt"), "inside");
    Files.createSymbolicLink(dir.resolve("alias.txt"), dir.resolve("real.txt"));
    gateway = TestGateway.start(Map.of("CHAT_EVENT_LOOPS", "1", "CHAT_ROOM_SHARDS", "1",
        "CHAT_PUBLIC_DIR", dir.toString()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void dotFilesAreNotServed() {
    assertThat(gateway.get("/index.html").status()).isEqualTo(200);
    for (String path : new String[] {"/.env", "/.git/config", "/%2eenv", "/x/../.env", "/.git/"}) {
      TestGateway.HttpResult r = gateway.get(path);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.body()).as(path).doesNotContain("secret").doesNotContain("token");
    }
  }

  @Test
  void symlinkOutOfPublicDirIsNotFollowed() {
    for (String path : new String[] {"/link.txt", "/linked/secret.txt"}) {
      TestGateway.HttpResult r = gateway.get(path);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.body()).as(path).doesNotContain("outside-secret");
    }
    // A link that stays inside the folder is served.
    assertThat(gateway.get("/alias.txt").body()).isEqualTo("inside");
  }
}
