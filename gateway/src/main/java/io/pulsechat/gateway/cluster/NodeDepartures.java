package io.pulsechat.gateway.cluster;

import io.pulsechat.gateway.hub.routing.Addresses;
import io.pulsechat.gateway.hub.routing.LocalCodec;
import io.pulsechat.gateway.hub.routing.NodeLeft;
import io.pulsechat.gateway.hub.routing.ShardCommand;
import io.pulsechat.gateway.hub.routing.ShardReply;
import io.pulsechat.gateway.vertx.CallerContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one listener of node departures, and what a departure sets off on this node, in order:
 * the requests waiting for the left node's owners end with {@link ShardReply.OwnerLeft}; each
 * shard here drops the left node's connections from its rooms; each event loop hands its members
 * of the left node's rooms to their new owners. Safe to share between event loops.
 */
final class NodeDepartures {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setCodecName(LocalCodec.NAME).setLocalOnly(true);

  private final EventBus eventBus;
  private final String node;
  private final int shards;
  private final Map<String, Set<Promise<ShardReply>>> inFlight = new ConcurrentHashMap<>();
  /** Nodes that left the fleet (ids are never reused): one per departure. */
  private final Set<String> departed = ConcurrentHashMap.newKeySet();

  /** For node {@code node}, with {@code shards} room shards. */
  NodeDepartures(EventBus eventBus, String node, int shards) {
    this.eventBus = eventBus;
    this.node = node;
    this.shards = shards;
  }

  void left(NodeLeft left) {
    departed.add(left.node());
    Set<Promise<ShardReply>> waiting = inFlight.remove(left.node());
    if (waiting != null) {
      waiting.forEach(p -> p.tryComplete(new ShardReply.OwnerLeft(left.node())));
    }
    for (int i = 0; i < shards; i++) {
      eventBus.send(Addresses.shard(node, i), new ShardCommand.DropNode(left.node()), LOCAL);
    }
    if (!left.orphanedRooms().isEmpty()) {
      eventBus.publish(Addresses.HAND_BACK, left, LOCAL);
    }
  }

  /** See {@link io.pulsechat.gateway.hub.routing.Fleet#orOwnerLeft}. */
  Future<ShardReply> orOwnerLeft(String ownerNode, Future<ShardReply> reply) {
    if (ownerNode.equals(node) || Vertx.currentContext() == null) {
      return reply;
    }
    Promise<ShardReply> answer = CallerContext.promise();
    Set<Promise<ShardReply>> waiting = inFlight.computeIfAbsent(ownerNode, n -> ConcurrentHashMap.newKeySet());
    waiting.add(answer);
    if (departed.contains(ownerNode)) {
      // It left between the owner lookup and now: its departure has passed already.
      waiting.remove(answer);
      answer.tryComplete(new ShardReply.OwnerLeft(ownerNode));
    }
    reply.onComplete(ar -> {
      waiting.remove(answer);
      if (ar.succeeded()) {
        answer.tryComplete(ar.result());
      } else {
        answer.tryFail(ar.cause());
      }
    });
    return answer.future();
  }
}
