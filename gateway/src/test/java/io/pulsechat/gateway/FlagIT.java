package io.pulsechat.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flag extension end to end: a {@code flag} frame is answered by {@code flagged} and the
 * correction comes out of {@code GET /api/feedback.jsonl} (on the management port) in the trainer's
 * {@code --feedback} format.
 */
class FlagIT {
  @TempDir
  Path dataDir;

  private Vertx vertx;
  private Gateway gateway;
  // a field: Vert.x 5 closes an unreachable client
  private WebSocketClient client;
  private WebSocket ws;
  private final java.util.concurrent.BlockingQueue<JsonObject> frames = new java.util.concurrent.LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    gateway = await(Gateway.start(vertx, GatewayConfig.from(Map.of("PORT", "0", "MANAGEMENT_PORT", "0", "HOST", "127.0.0.1",
        "DATA_DIR", dataDir.toString()))));
    client = vertx.createWebSocketClient();
    ws = await(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port())
        .setURI("/ws")));
    ws.textMessageHandler(text -> frames.add(new JsonObject(text)));
  }

  @AfterEach
  void stop() throws Exception {
    await(gateway.stop());
    await(vertx.close());
  }

  @Test
  void aFlagIsStoredAndExportedForTheTrainer() throws Exception {
    request(new JsonObject().put("type", "flag").put("room", "flags").put("id", "x").put("label", "negative"),
        "error", f -> assertThat(f.getString("code")).isEqualTo("not_member"));
    request(new JsonObject().put("type", "join").put("room", "flags").put("user", "ann"), "joined", f -> { });
    ws.writeTextMessage(new JsonObject().put("type", "send").put("room", "flags").put("text", "so slow today")
        .put("clientMsgId", "c1").encode());
    JsonObject message = next("message");
    next("ack");
    String id = message.getString("id");
    String modelLabel = message.getJsonObject("sentiment").getString("label");
    String correction = modelLabel.equals("negative") ? "neutral" : "negative";

    request(new JsonObject().put("type", "flag").put("room", "flags").put("id", id).put("label", "angry"),
        "error", f -> assertThat(f.getString("ref")).isEqualTo("flag"));
    request(new JsonObject().put("type", "flag").put("room", "flags").put("id", "0000000000000-0000-zzzz")
        .put("label", "negative"), "error", f -> assertThat(f.getString("code")).isEqualTo("bad_request"));
    request(new JsonObject().put("type", "flag").put("room", "flags").put("id", id).put("label", correction),
        "flagged", f -> assertThat(f).isEqualTo(new JsonObject().put("type", "flagged").put("room", "flags")
            .put("id", id).put("label", correction)));

    HttpResponse<String> export = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + gateway.managementPort() + "/api/feedback.jsonl")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(export.statusCode()).isEqualTo(200);
    List<String> lines = export.body().lines().toList();
    assertThat(lines).hasSize(1);
    JsonObject line = new JsonObject(lines.get(0));
    // what trainer's Datasets.feedback reads: a string text and a label name
    assertThat(line.getString("text")).isEqualTo("so slow today");
    assertThat(line.getString("label")).isEqualTo(correction);
    assertThat(line.getString("modelLabel")).isEqualTo(modelLabel);
    assertThat(line.getString("user")).isEqualTo("ann");
    assertThat(line.getString("id")).isEqualTo(id);
  }

  private void request(JsonObject frame, String expectedType, java.util.function.Consumer<JsonObject> check)
      throws Exception {
    ws.writeTextMessage(frame.encode());
    JsonObject answer = next(expectedType);
    check.accept(answer);
  }

  /** The next frame of the given type; others in between (presence, mood) are skipped. */
  private JsonObject next(String type) throws Exception {
    while (true) {
      JsonObject frame = frames.poll(30, TimeUnit.SECONDS);
      assertThat(frame).as("a " + type + " frame within 30 s").isNotNull();
      if (frame.getString("type").equals(type)) {
        return frame;
      }
      assertThat(frame.getString("type")).as(frame.encode()).isIn("mood", "presence", "message", "ack");
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
