package io.pulsechat.loadgen.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.pulsechat.loadgen.Main;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A target nobody listens on: every connection fails, the run ends and says so. */
class UnreachableTargetIT {
  @TempDir
  Path dir;

  @Test
  void connectFailuresAreReportedNotWaitedFor() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path json = dir.resolve("report.json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Main.run(new String[] {
        "--url", "ws://127.0.0.1:" + port + "/ws", "--rooms", "2", "--members", "5", "--connect-timeout", "3",
        "--report-json", json.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err));

    assertThat(exit).isEqualTo(1);
    JsonObject report = new JsonObject(Files.readString(json));
    assertThat(report.getJsonObject("connections").getLong("connectFailures")).isEqualTo(12);
    assertThat(report.getJsonObject("verdict").getBoolean("pass")).isFalse();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("12 connect failures", "verdict: FAIL");
  }
}
