package io.pulsechat.gateway.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway jar as a process on its default store, killed with SIGKILL in the middle of
 * traffic: no shutdown hook, no drain. Every message it acknowledged must be in history once it
 * is started again on the same DATA_DIR.
 */
class CrashIT {
  private static final Duration START = Duration.ofSeconds(90);
  private final HttpClient http = HttpClient.newHttpClient();
  private Vertx vertx;
  // a field: Vert.x 5 closes an unreachable client
  private WebSocketClient webSockets;
  private GatewayProcess gateway;

  @BeforeEach
  void clients() {
    vertx = Vertx.vertx();
    webSockets = ChatClient.newWebSocketClient(vertx);
  }

  @AfterEach
  void stop() {
    if (gateway != null && gateway.alive()) {
      gateway.kill();
    }
    TestGateway.await(vertx.close(), Duration.ofSeconds(30));
  }

  @Test
  void aKill9MidTrafficLosesNoAcknowledgedMessage() throws Exception {
    Path home = Files.createTempDirectory("pulsechat-crash-");
    Map<String, String> env = Map.of("HOST", "127.0.0.1", "PORT", Integer.toString(Fleet.freePorts(1).get(0)),
        "CHAT_RATE_PER_SECOND", "1000", "CHAT_RATE_BURST", "1000");
    gateway = started(GatewayProcess.launch("crash", Fleet.gatewayJar(), home, env));
    String room = "crash";
    ChatClient ann = TestGateway.await(ChatClient.connect(webSockets, gateway.port()), TestGateway.TIMEOUT);
    ann.join(room, "ann");

    // 400 sends over about two seconds; the process dies after about one.
    Thread killer = new Thread(() -> {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
      gateway.kill();
    });
    killer.start();
    for (int i = 0; i < 400 && !ann.isClosed(); i++) {
      try {
        ann.send(ChatClient.sendFrame(room, "message " + i, "c" + i));
      } catch (IllegalStateException closedByTheKill) {
        break;
      }
      Thread.sleep(5);
    }
    killer.join();
    ann.awaitClose(TestGateway.TIMEOUT);
    Set<String> acked = new HashSet<>();
    for (JsonObject frame : ann.received()) {
      if ("ack".equals(frame.getString("type"))) {
        acked.add(frame.getString("clientMsgId"));
      }
    }
    assertThat(acked).as("acks before the kill").isNotEmpty();

    gateway = started(GatewayProcess.launch("crash-again", Fleet.gatewayJar(), home, env));
    Set<String> stored = new HashSet<>();
    String after = null;
    while (true) {
      JsonObject page = TestGateway.get(http, gateway.port(), "/api/rooms/" + room + "/messages?limit=200"
          + (after == null ? "" : "&after=" + after)).json();
      JsonArray messages = page.getJsonArray("messages");
      for (int i = 0; i < messages.size(); i++) {
        stored.add(messages.getJsonObject(i).getString("clientMsgId"));
      }
      if (messages.isEmpty() || after != null && !page.getBoolean("more")) {
        break;
      }
      after = messages.getJsonObject(messages.size() - 1).getString("id");
      if (after == null) {
        break;
      }
    }
    assertThat(stored).as(gateway.logTail(20)).containsAll(acked);
  }

  private GatewayProcess started(GatewayProcess process) throws InterruptedException {
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (TestGateway.get(http, process.port(), "/health").status() == 200) {
          return process;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      if (!process.alive()) {
        throw new AssertionError("the gateway exited at start\n" + process.logTail(30));
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the gateway did not serve within " + START + "\n" + process.logTail(30));
  }
}
