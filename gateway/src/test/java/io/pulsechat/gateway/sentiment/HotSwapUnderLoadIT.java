package io.pulsechat.gateway.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.Gateway;
import io.pulsechat.gateway.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client keeps sending while a new model is published to the gateway's model store: every
 * message is acknowledged and delivered, none slower than normal, and the model named by the
 * messages changes once from old to new in id order.
 */
class HotSwapUnderLoadIT {
  private static final String ROOM = "hotswap";
  private static final String NEW_VERSION = "hot-swap-v2";
  /** One send every 10 ms: 100 a second, well inside the rate limit set below. */
  private static final long SEND_EVERY_MS = 10;
  /** Messages scored by the new model before the client stops. */
  private static final int AFTER_SWAP = 40;

  @TempDir
  Path modelStore;
  @TempDir
  Path dataDir;

  private Vertx vertx;
  private Gateway gateway;
  // a field: Vert.x 5 closes an unreachable client
  private WebSocketClient client;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    gateway = await(Gateway.start(vertx, GatewayConfig.from(Map.of(
        "PORT", "0", "MANAGEMENT_PORT", "0", "HOST", "127.0.0.1", "DATA_DIR", dataDir.toString(),
        "CHAT_MODEL_STORE", modelStore.toString(), "CHAT_MODEL_POLL_S", "1",
        "CHAT_RATE_PER_SECOND", "1000", "CHAT_RATE_BURST", "1000", "SENTIMENT_MODEL", "fast"))));
    client = vertx.createWebSocketClient();
  }

  @AfterEach
  void stop() throws Exception {
    if (gateway != null) {
      await(gateway.stop());
    }
    await(vertx.close());
  }

  @Test
  void messagesKeepFlowingInOrderWhileTheModelChanges() throws Exception {
    String oldVersion = gateway.model().version();
    List<JsonObject> received = new ArrayList<>();
    Promise<Void> done = Promise.promise();
    int[] sent = {0};
    int[] acked = {0};
    int[] scoredByNew = {0};
    boolean[] stopSending = {false};

    WebSocket ws = await(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(gateway.port()).setURI("/ws")));
    Promise<Void> joined = Promise.promise();
    ws.textMessageHandler(text -> {
      JsonObject frame = new JsonObject(text);
      switch (frame.getString("type")) {
        case "joined" -> joined.tryComplete();
        case "message" -> {
          received.add(frame);
          if (NEW_VERSION.equals(frame.getJsonObject("sentiment").getString("model"))
              && ++scoredByNew[0] >= AFTER_SWAP) {
            stopSending[0] = true;
          }
        }
        case "ack" -> {
          acked[0]++;
          if (stopSending[0] && acked[0] == sent[0] && received.size() == sent[0]) {
            done.tryComplete();
          }
        }
        case "error" -> done.tryFail(frame.encode());
        default -> { }
      }
    });
    ws.writeTextMessage(new JsonObject().put("type", "join").put("room", ROOM).put("user", "loader").encode());
    await(joined.future());

    vertx.setPeriodic(SEND_EVERY_MS, timer -> {
      if (stopSending[0] || sent[0] >= 5_000) {
        vertx.cancelTimer(timer);
        return;
      }
      String id = "m" + sent[0]++;
      ws.writeTextMessage(new JsonObject().put("type", "send").put("room", ROOM).put("text", "message " + id)
          .put("clientMsgId", id).encode());
      if (sent[0] == 50) {
        // publish from a worker: writing files is blocking
        vertx.executeBlocking(() -> {
          PublishedModels.publish(modelStore, NEW_VERSION, PublishedModels.modelBytes(NEW_VERSION));
          return null;
        }).onFailure(done::tryFail);
      }
    });
    done.future().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

    assertThat(received).hasSize(sent[0]);
    List<String> ids = received.stream().map(m -> m.getString("id")).toList();
    assertThat(ids).isSorted().doesNotHaveDuplicates();
    List<String> models = received.stream().map(m -> m.getJsonObject("sentiment").getString("model")).toList();
    int firstNew = models.indexOf(NEW_VERSION);
    assertThat(firstNew).as("some messages before the swap").isGreaterThan(0);
    assertThat(models.subList(0, firstNew)).containsOnly(oldVersion);
    assertThat(models.subList(firstNew, models.size())).containsOnly(NEW_VERSION);
    assertThat(gateway.model().version()).isEqualTo(NEW_VERSION);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
  }
}
