package io.pulsechat.gateway.cluster;

import io.pulsechat.gateway.hub.Addresses;
import io.pulsechat.gateway.hub.RoomOwners;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.shareddata.AsyncMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Room ownership shared by the fleet in a cluster-wide map (Hazelcast): the first node that
 * needs a room nobody owns claims it for one of its shards, atomically, and keeps it for as
 * long as it lives, so adding a node moves no room. A room of a node that left is claimed
 * again by compare-and-set, so exactly one survivor takes it. Each node caches the answers.
 * Safe to share between event loops.
 */
public final class ClusterRoomOwners implements RoomOwners {
  private static final int MAX_CLAIM_ATTEMPTS = 5;

  private final AsyncMap<String, String> claims;
  private final String node;
  private final int shards;
  private final Predicate<String> alive;
  /** Owners learned, by room. */
  private final Map<String, String> known = new ConcurrentHashMap<>();
  private final Map<String, Future<String>> claiming = new ConcurrentHashMap<>();

  /** {@code alive} tells whether a node id is a current member of the fleet. */
  public ClusterRoomOwners(AsyncMap<String, String> claims, String node, int shards, Predicate<String> alive) {
    this.claims = claims;
    this.node = node;
    this.shards = shards;
    this.alive = alive;
  }

  @Override
  public Future<String> ownerOf(String room) {
    String owner = known.get(room);
    if (owner != null) {
      return Future.succeededFuture(owner);
    }
    Future<String> claim = claiming.computeIfAbsent(room, r -> claim(r, 1).andThen(ar -> {
      if (ar.succeeded()) {
        known.put(r, ar.result());
      }
      claiming.remove(r);
    }));
    // The claim's callbacks run where it started; each caller continues on its own event loop.
    Context caller = Vertx.currentContext();
    if (caller == null) {
      return claim;
    }
    Promise<String> here = ((ContextInternal) caller).promise();
    claim.onComplete(here);
    return here.future();
  }

  private Future<String> claim(String room, int attempt) {
    String mine = Addresses.shard(node, RoomOwners.shardOf(room, shards));
    return claims.putIfAbsent(room, mine).compose(current -> {
      if (current == null) {
        return Future.succeededFuture(mine);
      }
      if (alive.test(Addresses.nodeOfShard(current))) {
        return Future.succeededFuture(current);
      }
      if (attempt >= MAX_CLAIM_ATTEMPTS) {
        return Future.failedFuture(new IllegalStateException("room " + room + " has no owner yet"));
      }
      return claims.replaceIfPresent(room, current, mine)
          .compose(replaced -> replaced ? Future.succeededFuture(mine) : claim(room, attempt + 1));
    });
  }

  @Override
  public Set<String> forget(String leftNode) {
    Set<String> orphaned = new HashSet<>();
    known.forEach((room, owner) -> {
      if (Addresses.nodeOfShard(owner).equals(leftNode) && known.remove(room, owner)) {
        orphaned.add(room);
      }
    });
    return orphaned;
  }
}
