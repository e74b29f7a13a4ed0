package io.pulsechat.loadgen.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.loadgen.Main;
import io.pulsechat.loadgen.stats.OrderDigest;
import io.pulsechat.loadgen.wire.ClientMsgId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generator against the real gateway, checked by a second client that shares no code
 * with it: the JDK's own WebSocket joins one of the rooms and counts what it receives.
 */
class LoadgenAgainstGatewayIT {
  private static final String RUN = "itrun";
  private static final String PREFIX = "lgit-";

  @TempDir
  static Path dir;
  private static RunningGateway gateway;

  @BeforeAll
  static void startGateway() throws Exception {
    // One sender drives a room at 50 a second: above the default 20 a second per connection.
    gateway = RunningGateway.start(dir.resolve("data"), Map.of("CHAT_RATE_PER_SECOND", "1000",
        "CHAT_RATE_BURST", "1000"));
  }

  @AfterAll
  static void stopGateway() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void theReportAgreesWithAnIndependentMemberOfTheRoom() throws Exception {
    String url = gateway.url();
    Observer observer = new Observer();
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create(url), observer).get(15, TimeUnit.SECONDS);
    ws.sendText(new JsonObject().put("type", "join").put("room", PREFIX + "0").put("user", "observer").encode(), true)
        .get(15, TimeUnit.SECONDS);
    observer.joined.get(15, TimeUnit.SECONDS);

    Path json = dir.resolve("report.json");
    Path html = dir.resolve("report.html");
    Path lines = dir.resolve("series.jsonl");
    Path metrics = dir.resolve("series.om");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // The bound is far above anything real: this test checks counts and order, never speed.
    int exit = Main.run(new String[] {"--url", url, "--rooms", "2", "--members", "20", "--senders", "1",
        "--rate", "50", "--duration", "3", "--warmup", "1", "--drain", "20", "--run-id", RUN,
        "--room-prefix", PREFIX, "--p99-bound-ms", "600000", "--report-json", json.toString(),
        "--report-html", html.toString(), "--series-json", lines.toString(), "--openmetrics", metrics.toString(),
        "--server-pid", Long.toString(ProcessHandle.current().pid())}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

    JsonObject report = new JsonObject(Files.readString(json));
    JsonObject summary = report.getJsonObject("summary");
    assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(report.getJsonObject("connections").getLong("joined")).isEqualTo(42);
    // The connect phase is measured: every first join, with its latency from the first attempt.
    JsonObject phase = report.getJsonObject("connections").getJsonObject("connectPhase");
    assertThat(phase.getLong("joins")).isEqualTo(42);
    assertThat(phase.getJsonObject("latencyMs").getDouble("p50")).isPositive();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("connect phase: 42 first joins in");
    assertThat(summary.getLong("lost")).isZero();
    assertThat(summary.getLong("duplicates")).isZero();
    assertThat(summary.getLong("outOfOrder")).isZero();
    assertThat(summary.getLong("received")).isEqualTo(summary.getLong("expected")).isPositive();
    // Every message is owed to the 21 loadgen members of its room (the observer is not counted).
    assertThat(summary.getLong("expected")).isEqualTo(21 * summary.getLong("sent"));
    assertThat(Files.readString(html)).contains("<svg", "Over time", "CPU (% of one core)");
    // The series: one line a second, connecting first, and together they hold every measured delivery.
    List<JsonObject> series = Files.readAllLines(lines).stream().map(JsonObject::new).toList();
    assertThat(series.get(0).getString("phase")).isEqualTo("connect");
    assertThat(series.stream().filter(l -> l.getInteger("step") == 1)).hasSizeGreaterThanOrEqualTo(4);
    assertThat(series.stream().mapToLong(l -> l.getJsonObject("latencyMs").getLong("count")).sum())
        .isEqualTo(summary.getLong("received"));
    assertThat(series.stream().filter(l -> l.containsKey("server"))).isNotEmpty();
    assertThat(Files.readString(metrics)).contains("loadgen_deliveries_per_second{run_id=\"" + RUN + "\"")
        .endsWith("# EOF\n");

    JsonObject room = summary.getJsonArray("rooms").getJsonObject(0);
    assertThat(room.getString("room")).isEqualTo(PREFIX + "0");
    long start = summary.getJsonObject("window").getLong("startMicros");
    long end = summary.getJsonObject("window").getLong("endMicros");
    List<long[]> seen = observer.awaitWindow(room.getLong("messages"), start, end, Duration.ofSeconds(20));
    long digest = OrderDigest.EMPTY;
    for (long[] m : seen) {
      digest = OrderDigest.next(digest, (int) m[0], m[1]);
    }
    assertThat(seen).hasSize(room.getLong("messages").intValue());
    assertThat(room.getLong("received")).isEqualTo(21 * room.getLong("messages"));
    assertThat(room.getBoolean("orderConsistent")).isTrue();
    assertThat(room.getString("orderDigest")).isEqualTo(OrderDigest.hex(digest));
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
  }

  @Test
  void roomsOfSeveralShapesRunTogetherEachWithItsOwnMembersAndSenders() throws Exception {
    Path json = dir.resolve("shapes.json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = Main.run(new String[] {"--url", gateway.url(), "--room-shapes", "1x30+2,4x3+1", "--rate", "10",
        "--duration", "2", "--warmup", "0.5", "--drain", "20", "--run-id", "shapes", "--p99-bound-ms", "600000",
        "--threshold", "shape[1x30+2].p99<600s", "--threshold", "shape[3+1].loss==0",
        "--report-json", json.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

    String text = out.toString(StandardCharsets.UTF_8);
    JsonObject summary = new JsonObject(Files.readString(json)).getJsonObject("summary");
    assertThat(exit).as(text).isZero();
    assertThat(text).contains("1 rooms x (30 members + 2 senders) + 4 rooms x (3 members + 1 senders)");
    assertThat(summary.getLong("received")).isEqualTo(summary.getLong("expected")).isPositive();
    List<JsonObject> rooms = summary.getJsonArray("rooms").stream().map(JsonObject.class::cast).toList();
    assertThat(rooms).extracting(r -> r.getInteger("members")).containsExactly(32, 4, 4, 4, 4);
    long small = rooms.get(1).getLong("messages");
    assertThat(small).isPositive();
    // Every room's senders sent (how many each depends on how its event loop kept up on a loaded machine:
    // the counts, not the rate, are what this test checks).
    assertThat(rooms).allSatisfy(r -> assertThat(r.getLong("messages")).isPositive());
    for (JsonObject r : rooms) {
      assertThat(r.getLong("received")).as(r.encode()).isEqualTo(r.getLong("members") * r.getLong("messages"));
      assertThat(r.getBoolean("orderConsistent")).isTrue();
    }
    // Each shape apart: its rooms' deliveries, every one of them timed in its own distribution.
    List<JsonObject> shapes = summary.getJsonArray("shapes").stream().map(JsonObject.class::cast).toList();
    assertThat(shapes).extracting(s -> s.getString("shape")).containsExactly("30+2", "3+1");
    assertThat(shapes.get(0).getLong("received")).isEqualTo(rooms.get(0).getLong("received"));
    assertThat(shapes.get(1).getLong("received"))
        .isEqualTo(rooms.subList(1, 5).stream().mapToLong(r -> r.getLong("received")).sum());
    assertThat(shapes).allSatisfy(s -> assertThat(s.getJsonObject("latencyMs").getLong("count"))
        .isEqualTo(s.getLong("received")));
    assertThat(text).contains("by room shape", "1x30+2", "4x3+1", "threshold shape[1x30+2].p99<600s");
  }

  /** Collects the clientMsgIds of the message frames it receives, in order. */
  static final class Observer implements WebSocket.Listener {
    final CompletableFuture<Void> joined = new CompletableFuture<>();
    final List<String> ids = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        JsonObject frame = new JsonObject(partial.toString());
        partial.setLength(0);
        switch (frame.getString("type")) {
          case "joined" -> joined.complete(null);
          case "message" -> ids.add(frame.getString("clientMsgId"));
          default -> {
          }
        }
      }
      webSocket.request(1);
      return null;
    }

    /** The (sender in room, seq) of this run's messages sent in the window, once there are {@code count}. */
    List<long[]> awaitWindow(long count, long start, long end, Duration limit) throws InterruptedException {
      long deadline = System.nanoTime() + limit.toNanos();
      List<long[]> inWindow;
      do {
        inWindow = new java.util.ArrayList<>();
        ClientMsgId.Decoded d = new ClientMsgId.Decoded();
        for (String id : ids) {
          if (ClientMsgId.decode(id, RUN.getBytes(StandardCharsets.US_ASCII), d) && d.sendMicros >= start
              && d.sendMicros < end) {
            inWindow.add(new long[] {d.sender, d.seq});
          }
        }
        if (inWindow.size() >= count) {
          return inWindow;
        }
        Thread.sleep(100);
      } while (System.nanoTime() < deadline);
      return inWindow;
    }
  }
}
