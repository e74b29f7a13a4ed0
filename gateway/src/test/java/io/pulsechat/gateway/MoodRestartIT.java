package io.pulsechat.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.store.LocalDynamoDb;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A room's mood series and its moving mood survive a gateway restart, on DynamoDB Local and on SQLite. */
class MoodRestartIT {
  @TempDir
  Path dataDir;

  private LocalDynamoDb dynamo;
  private Vertx vertx;
  // a field: Vert.x 5 closes an unreachable client
  private WebSocketClient client;

  @BeforeEach
  void start() throws Exception {
    dynamo = LocalDynamoDb.start();
    vertx = Vertx.vertx();
    client = vertx.createWebSocketClient();
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
    dynamo.close();
  }

  @Test
  void theMoodSeriesAndTheLiveMoodAreServedAgainAfterARestartOnDynamoDb() throws Exception {
    moodSurvivesARestart(Map.of("PORT", "0", "MANAGEMENT_PORT", "0", "HOST", "127.0.0.1", "DATA_DIR", dataDir.toString(),
        "DYNAMODB_ENDPOINT", dynamo.endpoint().toString(), "CHAT_TABLE_PREFIX", "restart-"));
  }

  @Test
  void theMoodSeriesAndTheLiveMoodAreServedAgainAfterARestartOnTheDefaultStore() throws Exception {
    moodSurvivesARestart(Map.of("PORT", "0", "MANAGEMENT_PORT", "0", "HOST", "127.0.0.1", "DATA_DIR", dataDir.resolve("sqlite").toString()));
  }

  private void moodSurvivesARestart(Map<String, String> env) throws Exception {
    Gateway first = await(Gateway.start(vertx, GatewayConfig.from(env)));
    sendAll(first.port(), "lounge", 5);
    JsonObject report = mood(first.port(), "lounge");
    JsonArray before = report.getJsonArray("series");
    JsonObject liveBefore = report.getJsonObject("mood");
    assertThat(liveBefore.getInteger("negative") + liveBefore.getInteger("neutral") + liveBefore.getInteger("positive"))
        .isEqualTo(5);
    // one minute, or two when the sends straddle a minute boundary
    assertThat(before.size()).isBetween(1, 2);
    // stopping drains: the changed minutes are written even though a flush period has not passed
    await(first.stop());

    Gateway second = await(Gateway.start(vertx, GatewayConfig.from(env)));
    try {
      JsonObject again = mood(second.port(), "lounge");
      JsonArray after = again.getJsonArray("series");
      assertThat(after).isEqualTo(before);
      int messages = 0;
      for (int i = 0; i < after.size(); i++) {
        JsonObject minute = after.getJsonObject(i);
        messages += minute.getInteger("positive") + minute.getInteger("neutral") + minute.getInteger("negative");
      }
      assertThat(messages).isEqualTo(5);
      // The moving mood too, before anyone joins and once the room is loaded by a join.
      assertThat(again.getJsonObject("mood")).isEqualTo(liveBefore);
      assertThat(joinedMood(second.port(), "lounge")).isEqualTo(liveBefore);
    } finally {
      await(second.stop());
    }
  }

  private JsonObject joinedMood(int port, String room) throws Exception {
    WebSocket ws = await(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws")));
    Promise<JsonObject> joined = Promise.promise();
    ws.textMessageHandler(text -> {
      JsonObject frame = new JsonObject(text);
      if ("joined".equals(frame.getString("type"))) {
        joined.tryComplete(frame.getJsonObject("mood"));
      }
    });
    ws.writeTextMessage(new JsonObject().put("type", "join").put("room", room).put("user", "bob").encode());
    JsonObject mood = await(joined.future());
    await(ws.close());
    return mood;
  }

  private void sendAll(int port, String room, int count) throws Exception {
    WebSocket ws = await(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws")));
    Promise<Void> joined = Promise.promise();
    Promise<Void> acked = Promise.promise();
    AtomicInteger acks = new AtomicInteger();
    ws.textMessageHandler(text -> {
      JsonObject frame = new JsonObject(text);
      switch (frame.getString("type")) {
        case "joined" -> joined.tryComplete();
        case "ack" -> {
          if (acks.incrementAndGet() == count) {
            acked.tryComplete();
          }
        }
        case "error" -> acked.tryFail(frame.encode());
        default -> { }
      }
    });
    ws.writeTextMessage(new JsonObject().put("type", "join").put("room", room).put("user", "ann").encode());
    await(joined.future());
    for (int i = 0; i < count; i++) {
      ws.writeTextMessage(new JsonObject().put("type", "send").put("room", room).put("text", "message " + i)
          .put("clientMsgId", "c" + i).encode());
    }
    await(acked.future());
    await(ws.close());
  }

  private static JsonObject mood(int port, String room) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/api/rooms/" + room + "/mood")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
