package io.pulsechat.gateway.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On a real socket of this Vert.x version: the swap reaches the WebSocket's queue (so a Vert.x
 * upgrade that moves it fails here, not silently in memory), and the socket still echoes, pings,
 * and closes with its code, written through the direct path.
 */
class EventLoopWebSocketWritesTest {
  private final Vertx vertx = Vertx.vertx();
  private final LinkedBlockingQueue<Boolean> directBeforeAndAfter = new LinkedBlockingQueue<>();
  /** Held in a field: Vert.x 5 closes a client that becomes unreachable, and its sockets with it. */
  private WebSocketClient client;

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** An echo server on an event loop of its own, as the gateway's verticles are. */
  final class Echo extends VerticleBase {
    HttpServer server;

    @Override
    public Future<?> start() {
      server = vertx.createHttpServer().webSocketHandler(socket -> {
        directBeforeAndAfter.add(EventLoopWebSocketWrites.isDirect(socket));
        directBeforeAndAfter.add(EventLoopWebSocketWrites.apply(socket));
        directBeforeAndAfter.add(EventLoopWebSocketWrites.isDirect(socket));
        socket.textMessageHandler(text -> {
          if (text.equals("bye")) {
            socket.close((short) 4000, "bye");
          } else {
            socket.writeTextMessage("echo " + text);
          }
        });
      });
      return server.listen(0, "127.0.0.1");
    }
  }

  @Test
  void theSwappedSocketWritesEchoesAndClosesWithItsCode() throws Exception {
    Echo echo = new Echo();
    vertx.deployVerticle(echo).await(10, TimeUnit.SECONDS);
    client = vertx.createWebSocketClient();
    WebSocket ws = client.connect(echo.server.actualPort(), "127.0.0.1", "/").await(10, TimeUnit.SECONDS);
    LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
    CompletableFuture<Short> closed = new CompletableFuture<>();
    ws.textMessageHandler(texts::add);
    ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));

    assertThat(directBeforeAndAfter.poll(10, TimeUnit.SECONDS)).as("Vert.x's own queue at first").isFalse();
    assertThat(directBeforeAndAfter.poll(10, TimeUnit.SECONDS)).as("the swap reached it").isTrue();
    assertThat(directBeforeAndAfter.poll(10, TimeUnit.SECONDS)).as("direct after the swap").isTrue();
    for (int i = 0; i < 200; i++) {
      ws.writeTextMessage("m" + i);
    }
    for (int i = 0; i < 200; i++) {
      assertThat(texts.poll(10, TimeUnit.SECONDS)).isEqualTo("echo m" + i);
    }
    ws.writeTextMessage("bye");
    assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo((short) 4000);
  }
}
