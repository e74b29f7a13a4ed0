package io.pulsechat.gateway.net;

import io.pulsechat.gateway.logging.ThrottledLog;
import io.pulsechat.gateway.metrics.NetMeters;
import io.pulsechat.gateway.metrics.NetMeters.Reason;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event loop's gatekeeper for its server's connections, in front of every HTTP route and
 * WebSocket upgrade:
 * <ul>
 * <li>a new connection takes a place in the shared {@link ConnectionLimits} or is closed at once;
 * <li>its request headers (a WebSocket upgrade included) must be complete within the handshake
 * timeout of the connection opening or of the previous response, so a client drip-feeding a
 * request, or sending nothing at all, is closed;
 * <li>a kept-alive connection with no request for the HTTP idle timeout is closed;
 * <li>a connection let in past the total bound may only ask for {@code /health} (and its sub-paths).
 * </ul>
 * An upgraded WebSocket leaves the HTTP timers behind; its idleness is the WebSocket handler's.
 * Lives on its loop's context, like its server: no locking.
 */
public final class ConnectionGuard {
  private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);
  private static final ThrottledLog addressLog = new ThrottledLog(log);
  private static final ThrottledLog totalLog = new ThrottledLog(log);
  private static final ThrottledLog timeoutLog = new ThrottledLog(log);
  private static final String FULL = "{\"code\":\"unavailable\",\"message\":\"the gateway is full; try again later\"}";

  private final Vertx vertx;
  private final ConnectionLimits limits;
  private final NetMeters meters;
  private final long handshakeMs;
  private final long httpIdleMs;
  private final Map<String, Tracked> open = new HashMap<>();

  public ConnectionGuard(Vertx vertx, ConnectionLimits limits, NetMeters meters, Duration handshakeTimeout,
                         Duration httpIdleTimeout) {
    this.vertx = vertx;
    this.limits = limits;
    this.meters = meters;
    this.handshakeMs = handshakeTimeout.toMillis();
    this.httpIdleMs = httpIdleTimeout.toMillis();
  }

  /** The server's connection handler. */
  public void onConnection(HttpConnection connection) {
    SocketAddress remote = connection.remoteAddress();
    String address = remote == null ? "unknown" : remote.hostAddress();
    boolean loopback = isLoopback(address);
    ConnectionLimits.Admission admission = limits.admit(address, loopback);
    switch (admission) {
      case REFUSED_ADDRESS -> {
        meters.connectionClosed(Reason.ADDRESS_LIMIT);
        addressLog.warn("Refused a connection from {}: it has {} open already (CHAT_MAX_CONNECTIONS_PER_ADDRESS)", address,
            limits.maxPerAddress());
        connection.close();
        return;
      }
      case REFUSED_TOTAL -> {
        meters.connectionClosed(Reason.TOTAL_LIMIT);
        totalLog.warn("Refused a connection from {}: the gateway holds {} connections (CHAT_MAX_CONNECTIONS)", address,
            limits.maxTotal());
        connection.close();
        return;
      }
      default -> {
      }
    }
    Tracked tracked = new Tracked(connection, address, admission == ConnectionLimits.Admission.HEALTH_ONLY);
    String key = remote == null ? "unknown@" + System.identityHashCode(connection) : remote.toString();
    open.put(key, tracked);
    tracked.expect(handshakeMs, Reason.HANDSHAKE_TIMEOUT);
    tracked.onRelease = () -> {
      open.remove(key, tracked);
      tracked.cancel();
      limits.release(address, loopback);
    };
    connection.closeHandler(v -> tracked.release());
  }

  /** Wraps the server's request handler: stops the header clock, and holds a full gateway to /health. */
  public Handler<HttpServerRequest> requests(Handler<HttpServerRequest> next) {
    return request -> {
      Tracked tracked = open.get(String.valueOf(request.connection().remoteAddress()));
      if (tracked == null) {
        next.handle(request);
        return;
      }
      tracked.cancel();
      request.response().endHandler(v -> tracked.expect(httpIdleMs, Reason.HTTP_IDLE));
      if (tracked.healthOnly && !isHealth(request.path())) {
        request.response().setStatusCode(503).putHeader("content-type", "application/json; charset=utf-8")
            .putHeader("connection", "close").end(FULL);
        return;
      }
      next.handle(request);
    };
  }

  /**
   * Called with each WebSocket upgrade request before it is judged: true when it may go on; a
   * connection let in past the total bound is answered 503.
   */
  public boolean handshake(ServerWebSocketHandshake handshake) {
    Tracked tracked = open.get(String.valueOf(handshake.remoteAddress()));
    if (tracked == null) {
      return true;
    }
    tracked.cancel();
    if (tracked.healthOnly) {
      handshake.reject(503);
      return false;
    }
    // Refused upgrades leave an HTTP connection behind; an accepted one is no longer idle-timed here.
    tracked.expect(httpIdleMs, Reason.HTTP_IDLE);
    return true;
  }

  /**
   * The upgrade went through: the WebSocket's own idle handling takes over, and its place is
   * given back when its channel closes (the HTTP connection's close handler does not run for an
   * upgraded connection).
   */
  public void upgraded(ServerWebSocket socket) {
    Tracked tracked = open.get(String.valueOf(socket.remoteAddress()));
    if (tracked != null) {
      tracked.cancel();
      // The listener runs on the channel's event loop, which is this guard's.
      ((WebSocketInternal) socket).channelHandlerContext().channel().closeFuture()
          .addListener(f -> tracked.release());
    }
  }

  /** /health and its /health/live and /health/ready. */
  static boolean isHealth(String path) {
    return path != null && (path.equals("/health") || path.startsWith("/health/"));
  }

  static boolean isLoopback(String ip) {
    return ip.startsWith("127.") || ip.equals("::1") || ip.equals("0:0:0:0:0:0:0:1") || ip.startsWith("::ffff:127.");
  }

  /** One open connection and the timer running against it, if any. */
  private final class Tracked {
    private final HttpConnection connection;
    private final String address;
    private final boolean healthOnly;
    private long timer = -1;
    private Runnable onRelease;

    Tracked(HttpConnection connection, String address, boolean healthOnly) {
      this.connection = connection;
      this.address = address;
      this.healthOnly = healthOnly;
    }

    /** The next request must arrive within {@code ms} (the headers after a response, too). */
    void expect(long ms, Reason reason) {
      cancel();
      timer = vertx.setTimer(ms, id -> {
        timer = -1;
        meters.connectionClosed(reason);
        timeoutLog.warn("Closed a connection from {}: {}", address, reason.name().toLowerCase(java.util.Locale.ROOT));
        connection.close();
      });
    }

    /** Gives the connection's place back, once. */
    void release() {
      Runnable r = onRelease;
      onRelease = null;
      if (r != null) {
        r.run();
      }
    }

    void cancel() {
      if (timer != -1) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
  }
}
