package io.pulsechat.gateway.hub.room;

import io.pulsechat.gateway.hub.delivery.FanOut;
import io.pulsechat.gateway.hub.delivery.LoopDelivery;
import io.pulsechat.gateway.hub.routing.Addresses;
import io.pulsechat.gateway.hub.routing.Fleet;
import io.pulsechat.gateway.hub.routing.LocalCodec;
import io.pulsechat.gateway.hub.routing.RelayMessage;
import io.pulsechat.gateway.hub.routing.ShardCommand;
import io.pulsechat.gateway.hub.routing.WireCodec;
import io.pulsechat.gateway.protocol.EncodedFrame;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Collection;

/**
 * Hosts one {@link RoomShard} on its own event loop: its commands come from the event bus, and
 * every command gets the shard's {@link io.pulsechat.gateway.hub.routing.ShardReply} back.
 */
public final class RoomShardVerticle extends VerticleBase {
  private static final DeliveryOptions WIRE = new DeliveryOptions().setCodecName(WireCodec.NAME);

  private final int index;
  private final RoomShard.Setup setup;
  private final Fleet fleet;
  private RoomShard shard;
  private MessageConsumer<ShardCommand> consumer;
  private long ticker;

  /** Shard {@code index} of this node of {@code setup}'s fleet; its rooms' frames leave on this verticle's event bus. */
  public RoomShardVerticle(int index, RoomShard.Setup setup) {
    this.index = index;
    this.setup = setup;
    this.fleet = setup.fleet();
  }

  @Override
  public Future<?> start() {
    LocalCodec.registerOn(vertx.eventBus());
    WireCodec.registerOn(vertx.eventBus());
    shard = new RoomShard(setup, new FanOut() {
      @Override
      public void publish(String room, Collection<String> nodes, EncodedFrame frame, String exceptUser,
                          String messageId) {
        fanOut(new RelayMessage.Delivery(room, frame, exceptUser, messageId), nodes);
      }

      @Override
      public void evict(String room, Collection<String> nodes, EncodedFrame frame, String user) {
        fanOut(new RelayMessage.Delivery(room, frame, null, null, user), nodes);
      }
    });
    ticker = vertx.setPeriodic(1000, id -> shard.tick());
    // Clustered: owners take commands from every node of the fleet.
    consumer = vertx.eventBus().consumer(Addresses.shard(fleet.node(), index), this::handle);
    return consumer.completion();
  }

  private void handle(Message<ShardCommand> message) {
    shard.handle(message.headers().get(Addresses.FROM_NODE), message.body()).onSuccess(reply -> {
      if (message.replyAddress() != null) {
        message.reply(reply, WIRE);
      }
    });
  }

  /**
   * Once to this node's event loops, and once to each other node with members, which hands the
   * frame to its own loops: a frame crosses the fleet once per node, never once per member.
   * One sender per room (this owner) keeps the room's frames in order on every node.
   */
  private void fanOut(RelayMessage.Delivery delivery, Collection<String> nodes) {
    String room = delivery.room();
    String here = fleet.node();
    for (String target : nodes == FanOut.EVERY_NODE ? fleet.nodes() : nodes) {
      if (target.equals(here)) {
        vertx.eventBus().publish(Addresses.room(room), delivery, LoopDelivery.options(setup.metrics().trace()));
      } else {
        fleet.relay(target, delivery);
      }
    }
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(ticker);
    return consumer.unregister();
  }
}
