package io.pulsechat.gateway.ws;

import io.pulsechat.gateway.GatewayConfig;
import io.pulsechat.gateway.Lifecycle;
import io.pulsechat.gateway.auth.AuthMeters;
import io.pulsechat.gateway.auth.BearerToken;
import io.pulsechat.gateway.auth.Identity;
import io.pulsechat.gateway.auth.TokenVerifier;
import io.pulsechat.gateway.protocol.Names;
import io.pulsechat.gateway.hub.delivery.LoopMembers;
import io.pulsechat.gateway.hub.delivery.LoopDelivery;
import io.pulsechat.gateway.hub.routing.RoomDirectory;
import io.pulsechat.gateway.metrics.GatewayMetrics;
import io.pulsechat.gateway.metrics.NetMeters;
import io.pulsechat.gateway.protocol.CloseCode;
import io.pulsechat.gateway.protocol.FrameDecoder;
import io.pulsechat.gateway.session.ChatProtocol;
import io.pulsechat.gateway.session.SessionLimits;
import io.pulsechat.gateway.store.FeedbackStore;
import io.pulsechat.gateway.store.MessageStore;
import io.pulsechat.gateway.store.ReadMarkers;
import io.pulsechat.gateway.vertx.EventLoopWebSocketWrites;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accepts the WebSocket connections of one event loop at {@code /ws} and gives each a
 * {@link ChatSession}; the loop's members receive their rooms' frames through {@link LoopDelivery}.
 */
public final class ChatSocketHandler implements Handler<ServerWebSocket> {
  public static final String PATH = "/ws";
  private static final AtomicLong IDS = new AtomicLong();

  private final Vertx vertx;
  private final Lifecycle lifecycle;
  private final GatewayMetrics metrics;
  private final GatewayConfig config;
  private final LoopMembers localRooms;
  private final ChatProtocol.Services sessions;
  private final Map<ChatSession, Boolean> open = new IdentityHashMap<>();
  private final Flusher flusher;
  private final IdleSockets idle;
  private final TokenVerifier tokens;
  private final AuthMeters authMeters;
  /**
   * Tokens verified at the handshake, for the socket that follows on this loop: a token names
   * the same user whenever it is read, so this is a cache, bounded, never a source of trust.
   */
  private final Map<String, Identity> verified = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Identity> eldest) {
      return size() > VERIFIED_CACHE;
    }
  };
  private static final int VERIFIED_CACHE = 1024;

  public ChatSocketHandler(Vertx vertx, GatewayConfig config, Lifecycle lifecycle, RoomDirectory directory,
                           MessageStore store, FeedbackStore feedback, GatewayMetrics metrics, SessionLimits limits) {
    this(vertx, config, lifecycle, directory, store, feedback, null, metrics, limits, null, AuthMeters.discarding(),
        null);
  }

  /**
   * {@code tokens} null: open mode; otherwise every upgrade needs a token it accepts, and
   * {@code admin} (private rooms, roles, moderation) applies each room's rules. {@code reads}
   * null: read frames get bad_request.
   */
  public ChatSocketHandler(Vertx vertx, GatewayConfig config, Lifecycle lifecycle, RoomDirectory directory,
                           MessageStore store, FeedbackStore feedback, ReadMarkers reads, GatewayMetrics metrics,
                           SessionLimits limits, TokenVerifier tokens, AuthMeters authMeters,
                           io.pulsechat.gateway.access.RoomAdmin admin) {
    this.tokens = tokens;
    this.authMeters = authMeters;
    this.vertx = vertx;
    this.config = config;
    this.lifecycle = lifecycle;
    this.metrics = metrics;
    this.flusher = new Flusher(vertx.getOrCreateContext(), metrics.trace());
    this.idle = new IdleSockets(vertx, config.net().wsPingInterval(), config.net().wsIdleTimeout(),
        new NetMeters(metrics.registry()));
    this.localRooms = LoopDelivery.onThisLoop(vertx, directory, metrics);
    this.sessions = new ChatProtocol.Services(new FrameDecoder(config.maxTextChars(),
        tokens == null ? Names.MAX_USER : Names.MAX_TOKEN_USER), localRooms, directory, store, feedback, metrics, limits,
        tokens, reads, admin);
  }

  /** Refuses upgrades on other paths, and every upgrade once the gateway drains. */
  public void handshake(ServerWebSocketHandshake handshake) {
    if (!PATH.equals(handshake.path())) {
      handshake.reject(404);
    } else if (!lifecycle.serving()) {
      handshake.reject(503);
    } else if (tokens == null) {
      handshake.accept();
    } else {
      // A missing or invalid token gets 401 and no upgrade: nothing of the protocol runs for it.
      String token = BearerToken.from(handshake.headers(), handshake.query());
      tokens.verify(token).onComplete(ar -> {
        if (ar.succeeded()) {
          verified.put(token, ar.result());
          handshake.accept();
        } else {
          authMeters.handshakeRefused();
          handshake.reject(401);
        }
      });
    }
  }

  @Override
  public void handle(ServerWebSocket socket) {
    // Before anything is written to it: every write of a socket happens on its own event loop.
    EventLoopWebSocketWrites.apply(socket);
    if (tokens == null) {
      open(socket, null);
      return;
    }
    String token = BearerToken.from(socket.headers(), socket.query());
    Identity identity = verified.remove(token);
    if (identity != null) {
      open(socket, identity);
      return;
    }
    // Pushed out of the cache by a storm of other handshakes: check the token again, frames wait meanwhile.
    socket.pause();
    tokens.verify(token).onComplete(ar -> {
      if (ar.succeeded()) {
        open(socket, ar.result());
        socket.resume();
      } else {
        socket.close(CloseCode.TOKEN_EXPIRED.status(), CloseCode.TOKEN_EXPIRED.reason());
      }
    });
  }

  private void open(ServerWebSocket socket, Identity identity) {
    ChatSession[] holder = new ChatSession[1];
    WebSocketConnection connection = new WebSocketConnection(Long.toString(IDS.incrementAndGet(), 36), socket,
        config.outboundMaxBytes(), flusher, metrics, () -> vertx.runOnContext(v -> holder[0].onClose()));
    ChatSession session = identity == null ? new ChatSession(connection, sessions, sourceAddress(socket, connection))
        : new ChatSession(connection, sessions, sourceAddress(socket, connection), identity, vertx,
            config.auth().clockSkew(), authMeters::expiredClose);
    holder[0] = session;
    open.put(session, Boolean.TRUE);
    metrics.connectionOpened();
    InboundMessages inbound = new InboundMessages(config.maxFrameBytes(), new InboundMessages.Sink() {
      @Override
      public void text(String text) {
        session.onText(text);
      }

      @Override
      public void binary() {
        session.onBinary();
      }

      @Override
      public void refuse(CloseCode code) {
        metrics.transportClosed(code);
        session.close(code);
      }
    });
    IdleSockets.Watch watch = idle.watch(socket);
    socket.frameHandler(frame -> {
      watch.heard();
      inbound.handle(frame);
    });
    socket.exceptionHandler(e -> {
      // Vert.x builds Netty's decoder with closeOnProtocolViolation(false), so nobody else sends the close
      // frame for a violation such as a frame over the size limit (1009).
      if (e instanceof io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException c && !socket.isClosed()) {
        if (c.closeStatus().code() == CloseCode.MESSAGE_TOO_BIG.status()) {
          metrics.transportClosed(CloseCode.MESSAGE_TOO_BIG);
        }
        socket.close((short) c.closeStatus().code(), c.closeStatus().reasonText());
      }
    });
    socket.closeHandler(v -> {
      idle.forget(socket);
      if (open.remove(session) != null) {
        metrics.connectionClosed();
      }
      session.onClose();
    });
  }

  /** The client's IP address; a socket without one (not TCP) is its own address. */
  private static String sourceAddress(ServerWebSocket socket, WebSocketConnection connection) {
    String host = socket.remoteAddress() == null ? null : socket.remoteAddress().hostAddress();
    return host != null ? host : "connection:" + connection.id();
  }

  /** Closes every socket of this event loop with 1001; call on this loop's context. */
  public Future<Void> closeAll() {
    idle.stop();
    List<ChatSession> all = new ArrayList<>(open.keySet());
    all.forEach(s -> s.close(CloseCode.GOING_AWAY));
    return Future.succeededFuture();
  }
}
