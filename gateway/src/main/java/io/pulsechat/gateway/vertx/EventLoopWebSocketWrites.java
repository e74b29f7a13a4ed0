package io.pulsechat.gateway.vertx;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.net.impl.VertxConnection;
import io.vertx.core.net.impl.VertxHandler;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a server WebSocket the direct write path Vert.x's strict thread mode gives HTTP connections.
 *
 * <p>Vert.x 5.0 (and 5.1) builds every WebSocket connection with a multi-producer outbound queue
 * whose first chunk is a 1,024-slot array (Netty's {@code newMpscQueue}): about 4.7 KB per socket,
 * 40 % of an idle connection's heap, kept for writes from other threads that the gateway never
 * makes (every write of a socket happens on its own event loop; the fan-out even writes to the
 * Netty channel directly). Vert.x offers no option for it, so the queue is swapped, right after the
 * upgrade and before anything is written, for the direct one Vert.x itself uses in strict mode.
 * Should a later Vert.x rename what this reaches into, sockets keep Vert.x's queue and one warning
 * says so; a test checks the swap, so the loss does not go unnoticed.
 */
public final class EventLoopWebSocketWrites {
  private static final Logger log = LoggerFactory.getLogger(EventLoopWebSocketWrites.class);
  private static final Field QUEUE;
  private static final Constructor<?> DIRECT;

  static {
    Field queue = null;
    Constructor<?> direct = null;
    try {
      queue = VertxConnection.class.getDeclaredField("outboundMessageQueue");
      queue.setAccessible(true);
      direct = Class.forName(VertxConnection.class.getName() + "$DirectOutboundMessageQueue")
          .getDeclaredConstructor(VertxConnection.class);
      direct.setAccessible(true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn("WebSockets keep Vert.x's multi-producer outbound queue (about 4.7 KB each): {}", e.toString());
      queue = null;
      direct = null;
    }
    QUEUE = queue;
    DIRECT = direct;
  }

  private EventLoopWebSocketWrites() {
  }

  /**
   * Swaps the socket's outbound queue for the direct one; call on its event loop before anything is
   * written to it. Returns whether the socket now writes directly.
   */
  public static boolean apply(ServerWebSocket socket) {
    VertxConnection connection = connectionOf(socket);
    if (QUEUE == null || connection == null) {
      return false;
    }
    try {
      if (!DIRECT.getDeclaringClass().isInstance(QUEUE.get(connection))) {
        QUEUE.set(connection, DIRECT.newInstance(connection));
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /** Whether the socket writes through the direct queue. */
  public static boolean isDirect(ServerWebSocket socket) {
    VertxConnection connection = connectionOf(socket);
    try {
      return QUEUE != null && connection != null && DIRECT.getDeclaringClass().isInstance(QUEUE.get(connection));
    } catch (IllegalAccessException e) {
      return false;
    }
  }

  private static VertxConnection connectionOf(ServerWebSocket socket) {
    if (socket instanceof WebSocketInternal internal
        && internal.channelHandlerContext().handler() instanceof VertxHandler<?> handler) {
      return handler.getConnection();
    }
    return null;
  }
}
