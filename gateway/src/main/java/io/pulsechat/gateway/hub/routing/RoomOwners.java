package io.pulsechat.gateway.hub.routing;

import io.vertx.core.Future;
import java.util.Set;

/** Which shard, on which node, owns a room: the one place that sequences the room's messages. */
public interface RoomOwners {
  /** The owner's {@link Addresses#shard} address; the first node to ask claims rooms nobody owns. */
  Future<String> ownerOf(String room);

  /** Forgets what was known of the rooms owned by a node that left; returns those rooms. */
  Set<String> forget(String node);

  /** This gateway alone: a room belongs to one of its shards, by the room's hash. */
  static RoomOwners local(String node, int shards) {
    return new RoomOwners() {
      @Override
      public Future<String> ownerOf(String room) {
        return Future.succeededFuture(Addresses.shard(node, shardOf(room, shards)));
      }

      @Override
      public Set<String> forget(String leftNode) {
        return Set.of();
      }
    };
  }

  static int shardOf(String room, int shards) {
    return Math.floorMod(room.hashCode(), shards);
  }
}
