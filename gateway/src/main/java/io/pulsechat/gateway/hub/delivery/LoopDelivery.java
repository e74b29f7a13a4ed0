package io.pulsechat.gateway.hub.delivery;

import io.pulsechat.gateway.hub.routing.Addresses;
import io.pulsechat.gateway.hub.routing.LocalCodec;
import io.pulsechat.gateway.hub.routing.RoomDirectory;
import io.pulsechat.gateway.hub.routing.NodeLeft;
import io.pulsechat.gateway.hub.routing.RelayMessage;
import io.pulsechat.gateway.hub.routing.ShardCommand;

import io.pulsechat.gateway.metrics.DeliveryTrace;
import io.pulsechat.gateway.metrics.GatewayMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One event loop's end of the hub on the event bus, for any transport: a consumer per room with
 * members here, whose frames it writes to them, and, when a room's owner leaves the fleet, the
 * hand-back of this loop's members to the new owner.
 */
public final class LoopDelivery {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setCodecName(LocalCodec.NAME);

  private LoopDelivery() {
  }

  /** The members of the calling event loop; call on that loop's context. */
  public static LoopMembers onThisLoop(Vertx vertx, RoomDirectory directory, GatewayMetrics metrics) {
    DeliveryTrace trace = metrics.trace();
    Map<String, MessageConsumer<RelayMessage.Delivery>> consumers = new HashMap<>();
    LoopMembers[] rooms = new LoopMembers[1];
    rooms[0] = new LoopMembers(new LoopMembers.Subscriptions() {
      @Override
      public void subscribe(String room) {
        consumers.put(room, vertx.eventBus().<RelayMessage.Delivery>localConsumer(Addresses.room(room), m -> {
          RelayMessage.Delivery d = m.body();
          long start = System.nanoTime();
          int delivered = rooms[0].deliver(d.room(), d.frame(), d.exceptUser(), d.messageId());
          if (d.evictUser() != null) {
            rooms[0].evict(d.room(), d.evictUser());
          }
          long end = System.nanoTime();
          metrics.fannedOut(delivered, end - start);
          if (trace.on()) {
            traced(trace, m.headers().get(DeliveryTrace.PUBLISHED), start, end);
          }
        }));
      }

      @Override
      public void unsubscribe(String room) {
        MessageConsumer<RelayMessage.Delivery> consumer = consumers.remove(room);
        if (consumer != null) {
          consumer.unregister();
        }
      }
    });
    // Rooms whose owner left the fleet: their new owners learn who of this loop is still in them.
    vertx.eventBus().<NodeLeft>localConsumer(Addresses.HAND_BACK, m -> m.body().orphanedRooms()
        .forEach(room -> {
          List<ShardCommand.Returning> connections = rooms[0].activeMembers(room);
          if (!connections.isEmpty()) {
            directory.tell(new ShardCommand.Rejoin(room, connections));
          }
        }));
    return rooms[0];
  }

  /**
   * How an owner (or a node's relay) publishes a delivery to this node's event loops: by
   * reference, and stamped with the publish time when the delivery path is traced.
   */
  public static DeliveryOptions options(DeliveryTrace trace) {
    return trace.on()
        ? new DeliveryOptions(LOCAL).addHeader(DeliveryTrace.PUBLISHED, Long.toString(System.nanoTime())) : LOCAL;
  }

  private static void traced(DeliveryTrace trace, String published, long start, long end) {
    if (published != null) {
      long at = Long.parseLong(published);
      trace.record(DeliveryTrace.Stage.HANDOFF, at, start);
      trace.written(at);
    }
    trace.record(DeliveryTrace.Stage.WRITE, start, end);
  }
}
