package io.pulsechat.gateway.cluster;

import io.pulsechat.gateway.hub.delivery.LoopDelivery;
import io.pulsechat.gateway.hub.routing.Addresses;
import io.pulsechat.gateway.hub.routing.LocalCodec;
import io.pulsechat.gateway.hub.routing.RelayMessage;
import io.pulsechat.gateway.metrics.DeliveryTrace;
import io.pulsechat.gateway.hub.routing.WireCodec;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * This node's one clustered subscription for frames: owners on other nodes send each frame of a
 * room here once, and it goes on to the event loops holding the room's members, in the order
 * it came. One address per node rather than per room: a new subscription takes a while to
 * reach the other nodes' event-bus caches, and frames sent meanwhile would miss new members;
 * the node address exists before the node takes its first connection.
 */
public final class NodeRelayVerticle extends VerticleBase {
  private static final DeliveryOptions WIRE = new DeliveryOptions().setCodecName(WireCodec.NAME);

  private final String node;
  private final Supplier<Collection<String>> fleet;
  private final DeliveryTrace trace;
  private MessageConsumer<Object> consumer;

  /** {@code fleet}: the nodes of the fleet, this one included; {@code trace} stamps frames passed on. */
  public NodeRelayVerticle(String node, Supplier<Collection<String>> fleet, DeliveryTrace trace) {
    this.node = node;
    this.fleet = fleet;
    this.trace = trace;
  }

  @Override
  public Future<?> start() {
    LocalCodec.registerOn(vertx.eventBus());
    WireCodec.registerOn(vertx.eventBus());
    consumer = vertx.eventBus().consumer(Addresses.node(node), m -> {
      if (m.body() instanceof RelayMessage.Delivery delivery) {
        vertx.eventBus().publish(Addresses.room(delivery.room()), delivery, LoopDelivery.options(trace));
      } else if (m.body() instanceof RelayMessage.Hello hello) {
        vertx.eventBus().send(Addresses.node(hello.node()), new RelayMessage.Welcome(), WIRE);
      }
    });
    // A first send to an address waits for a lookup that a reply does not, so a node's first
    // frames could trail the replies sent after them; the others look this node up now.
    return consumer.completion().onSuccess(v -> fleet.get().stream().filter(other -> !other.equals(node))
        .forEach(other -> vertx.eventBus().send(Addresses.node(other), new RelayMessage.Hello(node), WIRE)));
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister();
  }
}
