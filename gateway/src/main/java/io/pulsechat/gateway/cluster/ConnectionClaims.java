package io.pulsechat.gateway.cluster;

import io.vertx.core.Future;
import io.vertx.core.shareddata.AsyncMap;
import java.util.function.Predicate;

/**
 * Which node holds each connection that the fleet's front door (API Gateway) may hand to any
 * node: the first node a connection's frame reaches claims it, and keeps it while it lives.
 */
public final class ConnectionClaims {
  private final ClusterClaims claims;
  private final String node;

  ConnectionClaims(AsyncMap<String, String> claims, String node, Predicate<String> alive) {
    this.claims = new ClusterClaims(claims, home -> home, alive);
    this.node = node;
  }

  /** The holder's node id; this node claims a connection nobody holds. */
  public Future<String> holderOf(String connectionId) {
    return claims.holder(connectionId, node);
  }

  /** The connection ended here: its claim goes. */
  public void release(String connectionId) {
    claims.release(connectionId, node);
  }

  /** A node left: its connections find a new holder at their next frame (without the rooms they had joined). */
  void forget(String leftNode) {
    claims.forget(leftNode);
  }
}
