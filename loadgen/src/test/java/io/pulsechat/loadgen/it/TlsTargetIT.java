package io.pulsechat.loadgen.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.loadgen.Main;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * wss:// against a server with a self-signed certificate: refused by the normal certificate
 * check, accepted with --insecure. (SNI is not asserted: the JDK sends it only for host names
 * with a dot, and this machine has none that points at loopback.)
 */
class TlsTargetIT {
  private static Vertx vertx;
  private static HttpServer server;

  @BeforeAll
  static void startServer() throws Exception {
    vertx = Vertx.vertx();
    SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
    server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setSni(true)
            .setKeyCertOptions(cert.keyCertOptions()).setHost("localhost").setPort(0))
        .webSocketHandler(ws -> {
          ws.textMessageHandler(text -> {
            JsonObject join = new JsonObject(text);
            ws.writeTextMessage(new JsonObject().put("type", "joined").put("room", join.getString("room"))
                .put("user", join.getString("user")).put("members", new JsonArray()).put("count", 1)
                .put("history", new JsonArray()).encode());
          });
        });
    server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static int run(boolean insecure, ByteArrayOutputStream out) {
    List<String> args = new java.util.ArrayList<>(List.of("--url", "wss://localhost:" + server.actualPort() + "/ws",
        "--members", "2", "--senders", "0", "--duration", "0.5", "--warmup", "0", "--drain", "0",
        "--connect-timeout", "5"));
    if (insecure) {
      args.add("--insecure");
    }
    return Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
  }

  @Test
  void anUntrustedCertificateFailsTheConnectsUnlessInsecure() {
    ByteArrayOutputStream checked = new ByteArrayOutputStream();
    assertThat(run(false, checked)).isEqualTo(1);
    assertThat(checked.toString(StandardCharsets.UTF_8)).contains("2 connect failures");

    ByteArrayOutputStream trusting = new ByteArrayOutputStream();
    assertThat(run(true, trusting)).as(trusting.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(trusting.toString(StandardCharsets.UTF_8)).contains("2 of 2 joined");
  }
}
