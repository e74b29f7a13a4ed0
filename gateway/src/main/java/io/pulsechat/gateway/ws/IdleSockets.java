package io.pulsechat.gateway.ws;

import io.pulsechat.gateway.metrics.NetMeters;
import io.pulsechat.gateway.protocol.CloseCode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One event loop's watch over its WebSockets' silence. A socket that has sent nothing (no frame,
 * no pong) for the ping interval gets a ping; one silent for the idle timeout is closed with
 * 1001, so dead peers and sockets opened only to hold a descriptor go away. Browsers and
 * WebSocket libraries answer pings by themselves, so a live idle client stays open, and the
 * pings also keep load balancers' idle timers (350 s on an NLB) from cutting it.
 *
 * <p>One periodic timer per loop walks the loop's sockets, instead of a timer per socket.
 */
final class IdleSockets {
  private static final Buffer PING = Buffer.buffer("pulsechat");

  private final Vertx vertx;
  private final NetMeters meters;
  private final long pingAfterNanos;
  private final long closeAfterNanos;
  private final Map<ServerWebSocket, Watch> watched = new IdentityHashMap<>();
  private final long timer;

  IdleSockets(Vertx vertx, Duration pingInterval, Duration idleTimeout, NetMeters meters) {
    this.vertx = vertx;
    this.meters = meters;
    this.pingAfterNanos = pingInterval.toNanos();
    this.closeAfterNanos = idleTimeout.toNanos();
    long sweepMs = Math.max(50, Math.min(5_000, Math.min(pingInterval.toMillis(), idleTimeout.toMillis()) / 4));
    this.timer = vertx.setPeriodic(sweepMs, id -> sweep());
  }

  /** Starts watching a socket; call {@link Watch#heard()} on every frame it sends. */
  Watch watch(ServerWebSocket socket) {
    Watch watch = new Watch(System.nanoTime());
    watched.put(socket, watch);
    socket.pongHandler(b -> watch.heard());
    return watch;
  }

  void forget(ServerWebSocket socket) {
    watched.remove(socket);
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  private void sweep() {
    long now = System.nanoTime();
    List<ServerWebSocket> silent = null;
    for (Map.Entry<ServerWebSocket, Watch> e : watched.entrySet()) {
      Watch w = e.getValue();
      long quiet = now - w.lastHeard;
      if (quiet >= closeAfterNanos) {
        if (silent == null) {
          silent = new ArrayList<>();
        }
        silent.add(e.getKey());
      } else if (quiet >= pingAfterNanos && w.lastPing - w.lastHeard <= 0) {
        w.lastPing = now;
        e.getKey().writePing(PING);
      }
    }
    if (silent != null) {
      for (ServerWebSocket socket : silent) {
        watched.remove(socket);
        meters.connectionClosed(NetMeters.Reason.WEBSOCKET_IDLE);
        socket.close(CloseCode.IDLE.status(), CloseCode.IDLE.reason());
      }
    }
  }

  /** When a socket was last heard from and last pinged, in {@code System.nanoTime()}. */
  static final class Watch {
    private long lastHeard;
    private long lastPing;

    Watch(long now) {
      this.lastHeard = now;
      this.lastPing = now;
    }

    void heard() {
      lastHeard = System.nanoTime();
    }
  }
}
