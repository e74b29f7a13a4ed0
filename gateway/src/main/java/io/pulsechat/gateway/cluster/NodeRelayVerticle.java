package io.pulsechat.gateway.cluster;

import io.pulsechat.gateway.hub.Addresses;
import io.pulsechat.gateway.hub.LocalCodec;
import io.pulsechat.gateway.hub.ShardMessages;
import io.pulsechat.gateway.hub.WireCodec;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * This node's one clustered subscription for frames: owners on other nodes send each frame of a
 * room here once, and it goes on to the event loops holding the room's members, in the order
 * it came. One address per node rather than per room: a new subscription takes a while to
 * reach the other nodes' event-bus caches, and frames sent meanwhile would miss new members;
 * the node address exists before the node takes its first connection.
 */
public final class NodeRelayVerticle extends VerticleBase {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setCodecName(LocalCodec.NAME);

  private final String node;
  private MessageConsumer<ShardMessages.Delivery> consumer;

  public NodeRelayVerticle(String node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    LocalCodec.registerOn(vertx.eventBus());
    WireCodec.registerOn(vertx.eventBus());
    consumer = vertx.eventBus().consumer(Addresses.node(node),
        m -> vertx.eventBus().publish(Addresses.room(m.body().room()), m.body(), LOCAL));
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister();
  }
}
