package io.pulsechat.gateway.hub;

import io.pulsechat.gateway.protocol.EncodedFrame;
import io.pulsechat.gateway.store.StoreUnavailableException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Collection;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts one {@link RoomShard} on its own event loop and serves its commands from the event bus.
 * Replies fail with {@link #UNAVAILABLE} when storage cannot take a message, {@link #NOT_MEMBER}
 * when the sender is not in the room, and {@link #INTERNAL} for anything unexpected.
 */
public final class RoomShardVerticle extends VerticleBase {
  public static final int UNAVAILABLE = 503;
  public static final int NOT_MEMBER = 403;
  public static final int INTERNAL = 500;
  /** The shard holds as many rooms as it may: a new room cannot be loaded now. */
  public static final int ROOMS_FULL = 507;
  private static final Logger log = LoggerFactory.getLogger(RoomShardVerticle.class);
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setCodecName(LocalCodec.NAME);
  private static final DeliveryOptions WIRE = new DeliveryOptions().setCodecName(WireCodec.NAME);

  private final String node;
  private final Supplier<Collection<String>> fleet;
  private final int index;
  private final Function<FanOut, RoomShard> shardFactory;
  private RoomShard shard;
  private MessageConsumer<Object> consumer;
  private MessageConsumer<ShardMessages.NodeLeft> nodeLeft;
  private long ticker;

  /**
   * Shard {@code index} of fleet node {@code node} ({@code fleet} lists every node, this one
   * included); the factory gets the fan-out that publishes on this verticle's event bus.
   */
  public RoomShardVerticle(String node, Supplier<Collection<String>> fleet, int index,
                           Function<FanOut, RoomShard> shardFactory) {
    this.node = node;
    this.fleet = fleet;
    this.index = index;
    this.shardFactory = shardFactory;
  }

  @Override
  public Future<?> start() {
    LocalCodec.registerOn(vertx.eventBus());
    WireCodec.registerOn(vertx.eventBus());
    shard = shardFactory.apply(this::fanOut);
    ticker = vertx.setPeriodic(1000, id -> shard.tick());
    nodeLeft = vertx.eventBus().localConsumer(Addresses.NODE_LEFT, m -> shard.removeNode(m.body().node()));
    // Clustered: owners take commands from every node of the fleet.
    consumer = vertx.eventBus().consumer(Addresses.shard(node, index), this::handle);
    return consumer.completion();
  }

  /**
   * Once to this node's event loops, and once to each other node with members, which hands the
   * frame to its own loops: a frame crosses the fleet once per node, never once per member.
   * One sender per room (this owner) keeps the room's frames in order on every node.
   */
  private void fanOut(String room, Collection<String> nodes, EncodedFrame frame,
                      String exceptUser, String messageId) {
    ShardMessages.Delivery delivery = new ShardMessages.Delivery(room, frame, exceptUser, messageId);
    for (String target : nodes == FanOut.EVERY_NODE ? fleet.get() : nodes) {
      if (target.equals(node)) {
        vertx.eventBus().publish(Addresses.room(room), delivery, LOCAL);
      } else {
        vertx.eventBus().send(Addresses.node(target), delivery, WIRE);
      }
    }
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(ticker);
    nodeLeft.unregister();
    return consumer.unregister();
  }

  private void handle(Message<Object> message) {
    Object body = message.body();
    if (body instanceof ShardMessages.Send send) {
      shard.send(send).onComplete(ar -> {
        if (ar.succeeded()) {
          message.reply(ar.result(), WIRE);
        } else if (ar.cause() instanceof StoreUnavailableException e) {
          message.fail(UNAVAILABLE, e.getMessage());
        } else if (ar.cause() instanceof IllegalStateException e) {
          message.fail(NOT_MEMBER, e.getMessage());
        } else if (ar.cause() instanceof RoomsFullException e) {
          message.fail(ROOMS_FULL, e.getMessage());
        } else {
          log.error("Sending to room {} failed", send.room(), ar.cause());
          message.fail(INTERNAL, "internal error");
        }
      });
    } else if (body instanceof ShardMessages.Join join) {
      shard.join(join.room(), join.user(), join.counted(), join.node()).onComplete(ar -> {
        if (ar.succeeded()) {
          message.reply(ar.result(), WIRE);
        } else if (ar.cause() instanceof RoomsFullException e) {
          message.fail(ROOMS_FULL, e.getMessage());
        } else {
          log.warn("Joining room {} failed: {}", join.room(), ar.cause().toString());
          message.fail(UNAVAILABLE, "room history is unavailable");
        }
      });
    } else if (body instanceof ShardMessages.Leave leave) {
      shard.leave(leave.room(), leave.user(), leave.node());
    } else if (body instanceof ShardMessages.Rejoin rejoin) {
      shard.rejoin(rejoin.room(), rejoin.node(), rejoin.users())
          .onFailure(e -> log.warn("Taking back {} connections of node {} in room {} failed: {}", rejoin.users().size(),
              rejoin.node(), rejoin.room(), e.toString()));
    } else if (body instanceof ShardMessages.ListRooms) {
      message.reply(shard.summaries(), WIRE);
    } else if (body instanceof ShardMessages.Drain) {
      shard.drained().onComplete(ar -> message.reply(Boolean.TRUE, WIRE));
    } else if (body instanceof ShardMessages.MoodQuery query) {
      shard.moodReport(query.room()).onComplete(ar -> {
        if (ar.succeeded()) {
          message.reply(ar.result(), WIRE);
        } else {
          log.warn("Reading the mood of room {} failed: {}", query.room(), ar.cause().toString());
          message.fail(UNAVAILABLE, "mood is unavailable");
        }
      });
    } else {
      message.fail(INTERNAL, "unknown command " + body.getClass().getSimpleName());
    }
  }
}
