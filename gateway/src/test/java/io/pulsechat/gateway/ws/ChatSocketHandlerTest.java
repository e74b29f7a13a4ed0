package io.pulsechat.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulsechat.gateway.GatewayConfig;
import io.pulsechat.gateway.Lifecycle;
import io.pulsechat.gateway.hub.routing.ShardCommand;
import io.pulsechat.gateway.hub.routing.ShardReply;
import io.pulsechat.gateway.metrics.GatewayMetrics;
import io.pulsechat.gateway.protocol.Mood;
import io.pulsechat.gateway.session.SessionLimits;
import io.pulsechat.gateway.store.InMemoryFeedbackStore;
import io.pulsechat.gateway.store.InMemoryMessageStore;
import io.pulsechat.gateway.testing.FakeDirectory;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The WebSocket adapter on a real socket: frames in and out of the session, and what a close does. */
@ExtendWith(VertxExtension.class)
class ChatSocketHandlerTest {
  final FakeDirectory directory = new FakeDirectory()
      .answerEveryAsk(new ShardReply.Joined(List.of("ann"), 1, List.of(), new Mood(0, 0, 0, 0, "PT5M")));
  final LinkedBlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
  Vertx vertx;
  /** Held in a field: Vert.x 5 closes a client that becomes unreachable, even mid-handshake. */
  WebSocketClient client;
  int port;

  /** One event loop's WebSocket server, as ServerVerticle builds it. */
  final class Server extends VerticleBase {
    HttpServer server;

    @Override
    public Future<?> start() {
      Lifecycle lifecycle = new Lifecycle();
      lifecycle.moveTo(Lifecycle.State.SERVING);
      GatewayConfig config = GatewayConfig.from(Map.of());
      ChatSocketHandler handler = new ChatSocketHandler(vertx, config, lifecycle, directory,
          new InMemoryMessageStore(), new InMemoryFeedbackStore(), GatewayMetrics.discarding(), SessionLimits.of(config));
      server = vertx.createHttpServer().webSocketHandshakeHandler(handler::handshake).webSocketHandler(handler);
      return server.listen(0);
    }
  }

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    Server server = new Server();
    vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    port = server.server.actualPort();
    client = vertx.createWebSocketClient();
  }

  <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  WebSocket connect(String path) throws Exception {
    WebSocket ws = await(client.connect(port, "127.0.0.1", path));
    ws.textMessageHandler(text -> received.add(new JsonObject(text)));
    return ws;
  }

  JsonObject next() throws InterruptedException {
    JsonObject frame = received.poll(10, TimeUnit.SECONDS);
    assertThat(frame).as("a frame within 10 s").isNotNull();
    return frame;
  }

  @Test
  void aTextFrameReachesTheSessionAndItsAnswerTheSameSocket() throws Exception {
    WebSocket ws = connect("/ws");
    ws.writeTextMessage("{\"type\":\"join\",\"room\":\"r\",\"user\":\"ann\"}");
    assertThat(next().getString("type")).isEqualTo("joined");
    assertThat(directory.asked()).containsExactly(new ShardCommand.Join("r", "ann", true));
  }

  @Test
  void aBinaryFrameIsABadRequest() throws Exception {
    WebSocket ws = connect("/ws");
    ws.writeBinaryMessage(Buffer.buffer("{}"));
    assertThat(next().getString("code")).isEqualTo("bad_request");
  }

  @Test
  void aClosedSocketLeavesItsRooms() throws Exception {
    WebSocket ws = connect("/ws");
    ws.writeTextMessage("{\"type\":\"join\",\"room\":\"r\",\"user\":\"ann\"}");
    next();
    await(ws.close());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (directory.told().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(directory.told()).containsExactly(new ShardCommand.Leave("r", "ann"));
  }

  @Test
  void anUpgradeOnAnotherPathIsRefused() {
    CompletableFuture<WebSocket> elsewhere = client.connect(port, "127.0.0.1", "/elsewhere")
        .toCompletionStage().toCompletableFuture();
    assertThatThrownBy(() -> elsewhere.get(10, TimeUnit.SECONDS)).hasMessageContaining("404");
  }
}
