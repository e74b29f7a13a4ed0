package io.pulsechat.gateway.cluster;

import io.pulsechat.gateway.hub.routing.Addresses;
import io.pulsechat.gateway.hub.routing.RoomOwners;
import io.vertx.core.Future;
import io.vertx.core.shareddata.AsyncMap;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Room ownership shared by the fleet: a room belongs to the shard of the node that claimed it
 * first, for as long as that node lives, so adding a node moves no room.
 */
public final class ClusterRoomOwners implements RoomOwners {
  private final ClusterClaims claims;
  private final String node;
  private final int shards;

  /** {@code alive} tells whether a node id is a current member of the fleet. */
  public ClusterRoomOwners(AsyncMap<String, String> claims, String node, int shards, Predicate<String> alive) {
    this.claims = new ClusterClaims(claims, Addresses::nodeOfShard, alive);
    this.node = node;
    this.shards = shards;
  }

  @Override
  public Future<String> ownerOf(String room) {
    return claims.holder(room, Addresses.shard(node, RoomOwners.shardOf(room, shards)));
  }

  @Override
  public Set<String> forget(String leftNode) {
    return claims.forget(leftNode);
  }
}
