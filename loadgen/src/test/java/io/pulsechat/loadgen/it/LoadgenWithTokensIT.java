package io.pulsechat.loadgen.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.loadgen.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load generator against a gateway in AUTH_MODE=token: with the secret it mints tokens and gets in. */
class LoadgenWithTokensIT {
  private static final String SECRET = "loadgen-test-secret-of-32-bytes-or-more";

  @TempDir
  static Path dir;
  private static RunningGateway gateway;

  @BeforeAll
  static void startGateway() throws Exception {
    gateway = RunningGateway.start(dir.resolve("data"), Map.of("AUTH_MODE", "token", "AUTH_JWT_SECRET", SECRET));
  }

  @AfterAll
  static void stopGateway() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
  }

  private static int run(Path report, String... tokenArgs) {
    String[] base = {"--url", gateway.url(), "--rooms", "1", "--members", "5", "--senders", "1", "--rate", "5",
        "--duration", "2", "--warmup", "1", "--drain", "10", "--p99-bound-ms", "600000", "--report-json",
        report.toString()};
    String[] args = new String[base.length + tokenArgs.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(tokenArgs, 0, args, base.length, tokenArgs.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
  }

  @Test
  void withTheSecretEverySimulatedUserGetsIn() throws Exception {
    Path secretFile = dir.resolve("secret");
    Files.writeString(secretFile, SECRET + "\n");
    Path report = dir.resolve("with.json");

    assertThat(run(report, "--token-file", secretFile.toString())).isZero();
    String json = Files.readString(report);
    assertThat(json).as("the secret stays out of the report").doesNotContain(SECRET);
  }

  @Test
  void withoutATokenNoConnectionGetsIn() {
    assertThat(run(dir.resolve("without.json"))).isEqualTo(1);
  }
}
