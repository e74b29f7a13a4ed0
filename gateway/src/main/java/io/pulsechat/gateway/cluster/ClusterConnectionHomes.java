package io.pulsechat.gateway.cluster;

import io.pulsechat.gateway.apigw.ConnectionHomes;
import io.vertx.core.Future;
import io.vertx.core.shareddata.AsyncMap;
import java.util.function.Predicate;

/** API Gateway connections' homes shared by the fleet: the first node a connection's frame reaches. */
public final class ClusterConnectionHomes implements ConnectionHomes {
  private final ClusterClaims claims;
  private final String node;

  public ClusterConnectionHomes(AsyncMap<String, String> claims, String node, Predicate<String> alive) {
    this.claims = new ClusterClaims(claims, home -> home, alive);
    this.node = node;
  }

  @Override
  public Future<String> homeOf(String connectionId) {
    return claims.holder(connectionId, node);
  }

  @Override
  public void release(String connectionId) {
    claims.release(connectionId, node);
  }

  /** A node left: its connections find a new home at their next frame (without the rooms they had joined). */
  void forget(String leftNode) {
    claims.forget(leftNode);
  }
}
