package io.pulsechat.gateway.apigw;

import io.pulsechat.gateway.GatewayConfig;
import io.pulsechat.gateway.access.RoomAdmin;
import io.pulsechat.gateway.auth.Identity;
import io.pulsechat.gateway.auth.TokenRefused;
import io.pulsechat.gateway.auth.TokenVerifier;
import io.pulsechat.gateway.protocol.ErrorCode;
import io.pulsechat.gateway.protocol.ServerFrames;
import io.pulsechat.gateway.store.DynamoDbTables;
import io.pulsechat.gateway.aws.Backoff;
import io.pulsechat.gateway.hub.routing.LocalCodec;
import io.pulsechat.gateway.hub.delivery.LoopMembers;
import io.pulsechat.gateway.hub.delivery.LoopDelivery;
import io.pulsechat.gateway.hub.routing.RoomDirectory;
import io.pulsechat.gateway.metrics.GatewayMetrics;
import io.pulsechat.gateway.protocol.FrameDecoder;
import io.pulsechat.gateway.protocol.Names;
import io.pulsechat.gateway.session.ChatProtocol;
import io.pulsechat.gateway.session.SessionLimits;
import io.pulsechat.gateway.store.FeedbackStore;
import io.pulsechat.gateway.store.MessageStore;
import io.pulsechat.gateway.store.ReadMarkers;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * The API Gateway front door: every API Gateway connection this instance has seen lives here,
 * on this verticle's one event loop, as a session plus a hub {@code Connection} in this loop's
 * {@link LoopMembers}. Frames arrive from {@link ApiGatewayRoute} over the local event bus; the
 * sender's answer goes back in the HTTP response when it is ready within {@link #REPLY_WAIT},
 * and everything else leaves through PostToConnection. In token mode a connection's user is the
 * one its {@code $connect} verified ({@link ConnectionRecords}), read once when its session opens;
 * a connection without a verified, unexpired token is answered {@code forbidden} and closed.
 */
public final class ApiGatewayFrontDoor extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ApiGatewayFrontDoor.class);
  /** Where the home of a connection takes its frames, from any node of the fleet. */
  static String address(String node) {
    return "pulsechat.apigw." + node;
  }
  /**
   * How long the HTTP response waits for the sender's answer. Longer holds a VPC-link request
   * open per frame (API Gateway allows 29 s); an answer later than this is posted instead.
   */
  static final Duration REPLY_WAIT = Duration.ofSeconds(1);
  /** How long frames of an orphaned connection are turned away (it is closed at API Gateway meanwhile). */
  private static final Duration ORPHAN_MEMORY = Duration.ofMinutes(1);
  /** API Gateway ends every connection after 2 hours: a session silent that long is gone. */
  private static final Duration MAX_CONNECTION = Duration.ofHours(2);
  /** 5 posts over at most ~3 s: a full client buffer or a throttle rarely outlasts that. */
  private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1), 5);
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setCodecName(InboundCodec.NAME);

  private final GatewayConfig config;
  private final String node;
  private final ConnectionHomes homes;
  private final RoomDirectory directory;
  private final MessageStore store;
  private final FeedbackStore feedback;
  private final ReadMarkers reads;
  private final RoomAdmin admin;
  private final GatewayMetrics metrics;
  private final ApiGatewayManagementApiAsyncClient client;
  private final Map<String, ApiGatewaySession> sessions = new HashMap<>();
  /**
   * Connections orphaned here (their home died), by when: this node keeps their claims, and
   * their frames still in flight get no session. API Gateway never reuses a connection id; an
   * entry and its claim go after {@link #ORPHAN_MEMORY}.
   */
  private final Map<String, Long> orphans = new HashMap<>();
  /** Token mode: sessions waiting for their connection's record; frames queue behind the lookup, in order. */
  private final Map<String, Future<ApiGatewaySession>> opening = new HashMap<>();
  private final TokenVerifier tokens;
  private final ConnectionRecords records;
  private ApiGatewayMeters meters;
  private LoopMembers localRooms;
  /** For connections whose address the integration sent: flags are bounded per address, so only they flag. */
  private ChatProtocol.Services shared;
  private ChatProtocol.Services withoutFlags;
  private final SessionLimits limits;
  private ConnectionPoster poster;
  private MessageConsumer<Inbound.Frame> consumer;
  private FrameOrder order;
  private long sweeper;

  /**
   * The front door of fleet node {@code node}, home of the connections in {@code homes}. In token
   * mode {@code tokens} checks the tokens of {@code auth} frames and {@code connections} holds the
   * table $connect writes; both are null in open mode. {@code reads} keeps read markers and
   * {@code admin} applies the rooms' rules (private rooms, roles, mutes; null in open mode), as
   * for the direct WebSocket. {@code feedback} takes the flags of connections whose address
   * API Gateway passed on.
   */
  public ApiGatewayFrontDoor(GatewayConfig config, String node, ConnectionHomes homes, RoomDirectory directory,
                             MessageStore store, FeedbackStore feedback, ReadMarkers reads, RoomAdmin admin,
                             GatewayMetrics metrics,
                             SessionLimits limits,
                             ApiGatewayManagementApiAsyncClient client, TokenVerifier tokens,
                             DynamoDbAsyncClient connections) {
    this.tokens = tokens;
    this.records = tokens == null ? null
        : new ConnectionRecords(connections, DynamoDbTables.connectionsTable(config.tablePrefix()));
    this.node = node;
    this.limits = limits;
    this.homes = homes;
    this.config = config;
    this.directory = directory;
    this.store = store;
    this.feedback = feedback;
    this.reads = reads;
    this.admin = admin;
    this.metrics = metrics;
    this.client = client;
  }

  @Override
  public Future<?> start() {
    LocalCodec.registerOn(vertx.eventBus());
    InboundCodec.registerOn(vertx.eventBus());
    meters = new ApiGatewayMeters(metrics.registry());
    poster = new ConnectionPoster(client, context, config.aws().apigwConcurrency(), BACKOFF, this::gone,
        meters.postsDropped::increment);
    localRooms = LoopDelivery.onThisLoop(vertx, directory, metrics);
    shared = new ChatProtocol.Services(new FrameDecoder(config.maxTextChars(),
        tokens == null ? Names.MAX_USER : Names.MAX_TOKEN_USER), localRooms, directory, store, feedback, metrics, limits,
        tokens, reads, admin);
    withoutFlags = shared.withoutFlags();
    sweeper = vertx.setPeriodic(60_000, id -> sweep());
    homes.onOrphaned(connectionId -> context.runOnContext(v -> orphaned(connectionId)));
    order = new FrameOrder(vertx, config.aws().apigwReorder().toMillis(), this::onFrame, meters.lateFrames::increment);
    consumer = vertx.eventBus().consumer(address(node), order::accept);
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweeper);
    sessions.values().forEach(ApiGatewaySession::close);
    sessions.clear();
    return consumer.unregister().eventually(() -> {
      client.close();
      return Future.succeededFuture();
    });
  }

  private void onFrame(Message<Inbound.Frame> message) {
    Inbound.Frame frame = message.body();
    if (frame.text().length() > config.maxFrameBytes()) {
      // PROTOCOL.md: a frame over the limit closes the connection (1009); here that is a delete.
      drop(frame.connectionId());
      poster.disconnect(frame.connectionId());
      message.reply(new Inbound.Reply(null), LOCAL);
      return;
    }
    ApiGatewaySession session = sessions.get(frame.connectionId());
    if (session != null) {
      handle(session, message);
    } else if (orphans.containsKey(frame.connectionId())) {
      // Its rooms died with its home: a fresh session here would be in none, and a client that
      // only reads would never learn. It is being closed; the client reconnects and joins again.
      message.reply(new Inbound.Reply(null), LOCAL);
    } else if (records == null) {
      session = open(frame.connectionId(), frame.sourceIp(), null);
      sessions.put(frame.connectionId(), session);
      handle(session, message);
    } else {
      Future<ApiGatewaySession> waiting = opening.get(frame.connectionId());
      if (waiting == null) {
        waiting = openVerified(frame.connectionId(), frame.sourceIp());
        opening.put(frame.connectionId(), waiting);
      }
      waiting.onComplete(ar -> {
        if (ar.succeeded()) {
          handle(ar.result(), message);
        } else if (ar.cause() instanceof TokenRefused refused) {
          message.reply(new Inbound.Reply(ServerFrames.error(ErrorCode.FORBIDDEN, refused.getMessage(), null)), LOCAL);
          forgetOrder(frame.connectionId());
          poster.disconnect(frame.connectionId());
        } else {
          message.reply(new Inbound.Reply(ServerFrames.error(ErrorCode.UNAVAILABLE,
              "who this connection is could not be read; try again", null)), LOCAL);
        }
      });
    }
  }

  /** Token mode: the session of a connection whose record names a verified, unexpired token. */
  private Future<ApiGatewaySession> openVerified(String connectionId, String sourceIp) {
    return records.identityOf(connectionId, context, config.auth().clockSkew().toMillis())
        .map(identity -> {
          ApiGatewaySession session = open(connectionId, sourceIp, identity);
          sessions.put(connectionId, session);
          return session;
        })
        .onComplete(ar -> opening.remove(connectionId))
        .onFailure(e -> {
          if (!(e instanceof TokenRefused)) {
            log.warn("Reading the connection record of {} failed: {}", connectionId, e.toString());
          }
        });
  }

  private void handle(ApiGatewaySession session, Message<Inbound.Frame> message) {
    Inbound.Frame frame = message.body();
    boolean[] replied = {false};
    long timer = vertx.setTimer(REPLY_WAIT.toMillis(), id -> {
      replied[0] = true;
      message.reply(new Inbound.Reply(null), LOCAL);
    });
    session.onText(frame.text(), System.nanoTime()).onComplete(ar -> {
      ApiGatewaySession.Answer answer = ar.succeeded() ? ar.result() : ApiGatewaySession.Answer.of(null);
      if (!replied[0]) {
        vertx.cancelTimer(timer);
        message.reply(new Inbound.Reply(answer.frame()), LOCAL);
      } else if (answer.frame() != null) {
        session.connection().send(answer.frame());
      }
      if (answer.close()) {
        drop(frame.connectionId());
        poster.disconnect(frame.connectionId());
      }
    });
  }

  /**
   * {@code sourceIp} null: the integration did not pass the client's address, so the session
   * takes no flags (its own id stands in for the address no bound would then hold).
   */
  private ApiGatewaySession open(String connectionId, String sourceIp, Identity identity) {
    metrics.connectionOpened();
    ChatProtocol.Services services = sourceIp == null ? withoutFlags : shared;
    String address = sourceIp == null ? connectionId : sourceIp;
    ApiGatewayConnection connection = new ApiGatewayConnection(connectionId, poster, config.outboundMaxBytes(), c -> {
      metrics.slowReaderClosed();
      vertx.runOnContext(v -> drop(c.id()));
    });
    if (identity == null) {
      return new ApiGatewaySession(connection, services, address, System.nanoTime());
    }
    // Its token's end is its end, unless an auth frame brings a fresh one: API Gateway then closes it.
    return new ApiGatewaySession(connection, services, address, System.nanoTime(), identity, vertx,
        config.auth().clockSkew(), () -> {
          drop(connectionId);
          poster.disconnect(connectionId);
        });
  }

  /**
   * The connection's home left the fleet and this node took charge of it (the departure, or a
   * frame of it that came first): its session died there, so it is closed at API Gateway.
   */
  private void orphaned(String connectionId) {
    meters.orphaned.increment();
    orphans.put(connectionId, System.nanoTime());
    endSession(connectionId);
    poster.disconnect(connectionId);
  }

  /** PostToConnection answered 410 for this connection: it, not the sender, leaves its rooms. */
  private void gone(String connectionId) {
    meters.gone.increment();
    drop(connectionId);
  }

  private void drop(String connectionId) {
    endSession(connectionId);
    homes.release(connectionId);
  }

  /** The connection's session here ends (it leaves its rooms); its claim stays. */
  private void endSession(String connectionId) {
    forgetOrder(connectionId);
    ApiGatewaySession session = sessions.remove(connectionId);
    if (session != null) {
      session.close();
      metrics.connectionClosed();
    }
  }

  /** Frames a gone connection still had waiting for their turn get an empty answer. */
  private void forgetOrder(String connectionId) {
    order.forget(connectionId).forEach(m -> m.reply(new Inbound.Reply(null), LOCAL));
  }

  private void sweep() {
    long forgotten = System.nanoTime() - ORPHAN_MEMORY.toNanos();
    orphans.entrySet().removeIf(orphan -> {
      boolean old = orphan.getValue() - forgotten < 0;
      if (old) {
        homes.release(orphan.getKey());
      }
      return old;
    });
    long cutoff = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(MAX_CONNECTION.toMillis());
    Iterator<Map.Entry<String, ApiGatewaySession>> it = sessions.entrySet().iterator();
    while (it.hasNext()) {
      ApiGatewaySession s = it.next().getValue();
      if (s.lastSeenNanos - cutoff < 0) {
        it.remove();
        forgetOrder(s.connection().id());
        homes.release(s.connection().id());
        s.close();
        metrics.connectionClosed();
      }
    }
  }
}
