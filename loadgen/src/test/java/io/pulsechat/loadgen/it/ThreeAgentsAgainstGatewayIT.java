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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One scenario file with thresholds, run by three `loadgen agent` processes under a coordinator
 * against the real gateway: one merged report, every room and every delivery accounted for.
 */
class ThreeAgentsAgainstGatewayIT {
  @TempDir
  static Path dir;
  private static RunningGateway gateway;

  @BeforeAll
  static void startGateway() throws Exception {
    gateway = RunningGateway.start(dir.resolve("data"), Map.of("CHAT_RATE_PER_SECOND", "1000",
        "CHAT_RATE_BURST", "1000"));
  }

  @AfterAll
  static void stopGateway() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void threeAgentsMakeOneMergedReport() throws Exception {
    int port = freePort();
    Path scenario = dir.resolve("scenario.json");
    Files.writeString(scenario, new JsonObject().put("url", gateway.url())
        // Six rooms of six connections in two shapes: three of 5 members and 1 sender, three of 4 and 2.
        .put("room-shapes", List.of("3x5+1", "3x4+2")).put("rate", 20).put("duration", 3).put("warmup", 1).put("drain", 40)
        .put("event-loops", 1).put("threshold", List.of("loss==0", "p99<60s", "ack.p99<60s", "shape[3x4+2].p99<60s", "shape[5+1].loss==0"))
        .encode());
    List<Process> agents = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    Path json = dir.resolve("merged.json");
    Path lines = dir.resolve("merged.jsonl");
    Path html = dir.resolve("merged.html");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try {
      for (int i = 0; i < 3; i++) {
        Path log = dir.resolve("agent" + i + ".log");
        logs.add(log);
        agents.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
            System.getProperty("java.class.path"), Main.class.getName(), "agent", "--coordinator",
            "127.0.0.1:" + port, "--name", "a" + i, "--source-addresses", "127.0.0." + (i + 1))
            .redirectErrorStream(true).redirectOutput(log.toFile()).start());
      }
      exit = assertTimeoutPreemptively(Duration.ofSeconds(180), () -> Main.run(new String[] {"coordinator",
          "--agents", "3", "--listen", "127.0.0.1:" + port, "--scenario", scenario.toString(), "--run-id", "three",
          "--report-json", json.toString(), "--report-html", html.toString(), "--series-json", lines.toString()},
          new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
      for (Process p : agents) {
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(logs.get(agents.indexOf(p)))).isZero();
      }
    } finally {
      agents.forEach(Process::destroyForcibly);
    }

    String why = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(why).isZero();
    JsonObject report = new JsonObject(Files.readString(json));
    JsonObject summary = report.getJsonObject("summary");
    assertThat(report.getJsonObject("connections").getLong("joined")).isEqualTo(36);
    assertThat(summary.getJsonArray("rooms")).hasSize(6);
    assertThat(summary.getJsonArray("rooms").stream().map(r -> ((JsonObject) r).getString("room")))
        .allMatch(name -> name.toString().matches("lg-three-g[012]-[01]"));
    assertThat(summary.getLong("received")).isEqualTo(summary.getLong("expected")).isPositive();
    // Counts, not speed: a drain long enough for a loaded machine, and latency bounds far above anything real.
    // Each of the 9 senders sent up to 20 a second for 3 s to the 6 members of its room (fewer when a loaded
    // machine starves the agents' event loops: counts, not the rate, are what this test checks).
    assertThat(summary.getLong("sent")).isBetween(1L, 9L * 61);
    assertThat(summary.getLong("expected")).isEqualTo(6 * summary.getLong("sent"));
    assertThat(summary.getJsonObject("latencyMs").getLong("count")).isEqualTo(summary.getLong("received"));
    assertThat(summary.getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("expression")))
        .contains("loss==0", "p99<60s", "ack.p99<60s");
    // The merged series holds every measured delivery once.
    List<JsonObject> series = Files.readAllLines(lines).stream().map(JsonObject::new).toList();
    assertThat(series.stream().filter(l -> l.getInteger("step") == 1)
        .mapToLong(l -> l.getJsonObject("latencyMs").getLong("count")).sum()).isEqualTo(summary.getLong("received"));
    assertThat(series.stream().mapToLong(l -> l.getLong("connections")).max().orElse(0)).isEqualTo(36);
    assertThat(Files.readString(html)).contains("Over time", "By room shape");

    // Each shape's rooms lived on several agents; its merged distribution holds every delivery of its rooms.
    List<JsonObject> shapes = summary.getJsonArray("shapes").stream().map(JsonObject.class::cast).toList();
    assertThat(shapes).extracting(sh -> sh.getString("shape")).containsExactly("5+1", "4+2");
    for (JsonObject shape : shapes) {
      long received = summary.getJsonArray("rooms").stream().map(JsonObject.class::cast)
          .filter(r -> r.getString("shape").equals(shape.getString("shape"))).mapToLong(r -> r.getLong("received"))
          .sum();
      assertThat(shape.getInteger("rooms")).isEqualTo(3);
      assertThat(shape.getLong("received")).isEqualTo(received).isPositive();
      assertThat(shape.getJsonObject("latencyMs").getLong("count")).isEqualTo(received);
      assertThat(series.stream().filter(l -> l.getInteger("step") == 1).mapToLong(l -> l.getJsonObject("shapes")
          .getJsonObject(shape.getString("shape")).getJsonObject("latencyMs").getLong("count")).sum())
          .isEqualTo(received);
    }
    assertThat(shapes.stream().mapToLong(sh -> sh.getLong("messages")).sum()).isEqualTo(summary.getLong("sent"));
    assertThat(summary.getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("expression")))
        .contains("shape[3x4+2].p99<60s", "shape[5+1].loss==0");
  }
}
