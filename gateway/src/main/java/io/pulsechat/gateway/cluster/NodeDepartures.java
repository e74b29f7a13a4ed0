package io.pulsechat.gateway.cluster;

import io.pulsechat.gateway.hub.routing.Addresses;
import io.pulsechat.gateway.hub.routing.EventBusRoomDirectory;
import io.pulsechat.gateway.hub.routing.LocalCodec;
import io.pulsechat.gateway.hub.routing.NodeLeft;
import io.pulsechat.gateway.hub.routing.ShardCommand;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.util.function.Consumer;

/**
 * The one listener of node departures, and what a departure sets off on this node, in order:
 * the requests waiting for the left node's owners end; each shard here drops the left node's
 * connections from its rooms; each event loop hands its members of the left node's rooms to
 * their new owners.
 */
public final class NodeDepartures implements Consumer<NodeLeft> {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setCodecName(LocalCodec.NAME).setLocalOnly(true);

  private final EventBus eventBus;
  private final EventBusRoomDirectory directory;
  private final String node;
  private final int shards;

  /** For node {@code node}, with {@code shards} room shards. */
  public NodeDepartures(EventBus eventBus, EventBusRoomDirectory directory, String node, int shards) {
    this.eventBus = eventBus;
    this.directory = directory;
    this.node = node;
    this.shards = shards;
  }

  @Override
  public void accept(NodeLeft left) {
    directory.ownerLeft(left.node());
    for (int i = 0; i < shards; i++) {
      eventBus.send(Addresses.shard(node, i), new ShardCommand.DropNode(left.node()), LOCAL);
    }
    if (!left.orphanedRooms().isEmpty()) {
      eventBus.publish(Addresses.HAND_BACK, left, LOCAL);
    }
  }
}
