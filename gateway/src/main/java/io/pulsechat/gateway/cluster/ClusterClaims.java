package io.pulsechat.gateway.cluster;

import io.pulsechat.gateway.vertx.CallerContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.shareddata.AsyncMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Things of the fleet that one node holds at a time (a room, an API Gateway connection),
 * recorded in a cluster-wide map (Hazelcast): the first node that needs one nobody holds
 * claims it atomically and keeps it while it lives. A claim of a node that left is taken over
 * by compare-and-set, so exactly one survivor wins. Each node caches what it learned. Safe to
 * share between event loops; callers continue on their own context.
 */
final class ClusterClaims {
  private static final Logger log = LoggerFactory.getLogger(ClusterClaims.class);
  private static final int MAX_CLAIM_ATTEMPTS = 5;

  private final AsyncMap<String, String> claims;
  private final Function<String, String> nodeOfValue;
  private final Predicate<String> alive;
  private final Consumer<String> tookOver;
  private final Map<String, String> known = new ConcurrentHashMap<>();
  private final Map<String, Future<String>> claiming = new ConcurrentHashMap<>();

  /** {@code nodeOfValue} finds the node in a claim's value; {@code alive} tells whether a node is in the fleet. */
  ClusterClaims(AsyncMap<String, String> claims, Function<String, String> nodeOfValue, Predicate<String> alive) {
    this(claims, nodeOfValue, alive, key -> { });
  }

  /** As above; {@code tookOver} hears of each key this node took over from a node that left. */
  ClusterClaims(AsyncMap<String, String> claims, Function<String, String> nodeOfValue, Predicate<String> alive,
                Consumer<String> tookOver) {
    this.claims = claims;
    this.nodeOfValue = nodeOfValue;
    this.alive = alive;
    this.tookOver = tookOver;
  }

  /** The value of the live claim on {@code key}; {@code mine} when this node wins it. */
  Future<String> holder(String key, String mine) {
    String value = known.get(key);
    if (value != null) {
      return Future.succeededFuture(value);
    }
    Future<String> claim = claiming.get(key);
    if (claim == null) {
      Promise<String> started = Promise.promise();
      claim = claiming.putIfAbsent(key, started.future());
      if (claim == null) {
        claim = started.future();
        // Outside the map's own update: the claim may complete before putIfAbsent returns.
        claim(key, mine, 1).onComplete(ar -> {
          if (ar.succeeded()) {
            known.put(key, ar.result());
          }
          claiming.remove(key, started.future());
          started.handle(ar);
        });
      }
    }
    // The claim's callbacks run where it started; each caller continues on its own event loop.
    return CallerContext.onCaller(claim);
  }

  private Future<String> claim(String key, String mine, int attempt) {
    return claims.putIfAbsent(key, mine).compose(current -> {
      if (current == null) {
        return Future.succeededFuture(mine);
      }
      if (alive.test(nodeOfValue.apply(current))) {
        return Future.succeededFuture(current);
      }
      if (attempt >= MAX_CLAIM_ATTEMPTS) {
        return Future.failedFuture(new IllegalStateException(key + " has no holder yet"));
      }
      return claims.replaceIfPresent(key, current, mine).compose(replaced -> {
        if (!replaced) {
          return claim(key, mine, attempt + 1);
        }
        log.info("Took over {} from {}, which left the fleet", key, current);
        tookOver.accept(key);
        return Future.succeededFuture(mine);
      });
    });
  }

  /** Forgets the claims known to be held by a node that left; returns their keys. */
  Set<String> forget(String leftNode) {
    Set<String> orphaned = new HashSet<>();
    known.forEach((key, value) -> {
      if (nodeOfValue.apply(value).equals(leftNode) && known.remove(key, value)) {
        orphaned.add(key);
      }
    });
    return orphaned;
  }

  /** Gives up this node's claim on {@code key}, e.g. a connection that ended. */
  Future<Boolean> release(String key, String mine) {
    known.remove(key, mine);
    return claims.removeIfPresent(key, mine);
  }
}
