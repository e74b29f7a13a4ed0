package io.pulsechat.loadgen.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.pulsechat.gateway.store.EmbeddedDynamoDb;
import io.pulsechat.loadgen.Main;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure drill against a real fleet: two clustered gateway processes sharing DynamoDB Local;
 * the drill command SIGKILLs one of them mid-window. Every member it held must reconnect to the
 * other, join again and read what it missed through {@code history after}, and the report says
 * how long that took and what was recovered.
 */
class DrillAgainstFleetIT {
  @TempDir
  Path dir;

  private static List<Integer> freePorts(int n) throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return held.stream().map(ServerSocket::getLocalPort).toList();
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
  }

  private Process gateway(String name, int port, int clusterPort, List<Integer> clusterPorts, URI dynamo)
      throws IOException {
    Path home = Files.createDirectories(dir.resolve(name));
    ProcessBuilder b = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "io.pulsechat.gateway.Main").redirectErrorStream(true).redirectOutput(home.resolve("gateway.log").toFile());
    Map<String, String> env = b.environment();
    env.keySet().removeIf(k -> k.startsWith("CHAT_") || k.startsWith("CLUSTER_") || k.startsWith("AWS_")
        || List.of("HOST", "PORT", "DATA_DIR", "STORE", "DYNAMODB_ENDPOINT", "MANAGEMENT_HOST").contains(k));
    env.putAll(Map.of("HOST", "127.0.0.1", "PORT", Integer.toString(port), "MANAGEMENT_PORT", "0",
        "DATA_DIR", home.resolve("data").toString(), "DYNAMODB_ENDPOINT", dynamo.toString(),
        "CLUSTER_ENABLED", "true", "CLUSTER_NAME", "drill-" + clusterPorts.get(0), "CLUSTER_HOST", "127.0.0.1",
        "CLUSTER_PORT", Integer.toString(clusterPort)));
    env.put("CLUSTER_MEMBERS", "127.0.0.1:" + clusterPorts.get(0) + ",127.0.0.1:" + clusterPorts.get(1));
    env.put("CLUSTER_EVENT_BUS_PORT", "0");
    env.put("CHAT_RATE_PER_SECOND", "1000");
    env.put("CHAT_RATE_BURST", "1000");
    return b.start();
  }

  /** Until both nodes answer /health 200 and each sees two nodes. */
  private void awaitFleet(List<Integer> ports, List<Process> nodes) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (true) {
      boolean all = true;
      for (int port : ports) {
        try {
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
              .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
          all &= r.statusCode() == 200 && Integer.valueOf(2).equals(new JsonObject(r.body()).getInteger("clusterNodes"));
        } catch (IOException e) {
          all = false;
        }
      }
      if (all) {
        return;
      }
      assertThat(nodes).allMatch(Process::isAlive);
      assertThat(System.nanoTime()).as("the fleet formed within 180 s").isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  @Test
  void killingOneGatewayOfTheFleetBringsEveryMemberBackThroughTheOther() throws Exception {
    List<Integer> ports = freePorts(4);
    List<Integer> clusterPorts = ports.subList(2, 4);
    List<Process> nodes = new ArrayList<>();
    try (EmbeddedDynamoDb dynamo = EmbeddedDynamoDb.startInMemory()) {
      nodes.add(gateway("a", ports.get(0), clusterPorts.get(0), clusterPorts, dynamo.endpoint()));
      nodes.add(gateway("b", ports.get(1), clusterPorts.get(1), clusterPorts, dynamo.endpoint()));
      awaitFleet(ports.subList(0, 2), nodes);

      Path json = dir.resolve("drill.json");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      String[] args = {"--url", "ws://127.0.0.1:" + ports.get(0) + "/ws,ws://127.0.0.1:" + ports.get(1) + "/ws",
          "--rooms", "2", "--members", "6", "--senders", "1", "--rate", "10", "--duration", "8", "--warmup", "1",
          "--drain", "30", "--event-loops", "1", "--connect-timeout", "60", "--run-id", "drill",
          "--p99-bound-ms", "600000", "--drill", "kill -9 " + nodes.get(1).pid(), "--drill-at", "2",
          "--report-json", json.toString()};
      int exit = assertTimeoutPreemptively(Duration.ofSeconds(240), () -> Main.run(args,
          new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
      String why = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);

      assertThat(nodes.get(1).isAlive()).as("the drill killed node b").isFalse();
      assertThat(exit).as(why).isIn(0, 1);
      JsonObject step = new JsonObject(Files.readString(json)).getJsonArray("steps").getJsonObject(0);
      JsonObject r = step.getJsonObject("recovery");
      assertThat(r).as(why).isNotNull();
      // Connections go round-robin over the two URLs: half of the 14 were on b.
      assertThat(r.getLong("dropped")).as(why).isEqualTo(7);
      assertThat(r.getLong("rejoined")).as(why).isEqualTo(7);
      assertThat(r.getLong("stillAway")).as(why).isZero();
      assertThat(r.getDouble("allBackSeconds")).as(why).isPositive();
      assertThat(step.getJsonArray("checks").stream().map(c -> (JsonObject) c)
          .filter(c -> c.getString("expression").equals("drill exit==0")).findFirst().orElseThrow()
          .getBoolean("pass")).as(why).isTrue();
      assertThat(why).contains("drill: running kill -9").contains("step 1 recovery: 7 members dropped or left");
    } finally {
      for (Process p : nodes) {
        p.destroyForcibly();
      }
    }
  }
}
