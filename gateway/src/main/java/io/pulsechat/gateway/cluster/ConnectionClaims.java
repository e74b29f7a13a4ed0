package io.pulsechat.gateway.cluster;

import io.vertx.core.Future;
import io.vertx.core.shareddata.AsyncMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which node holds each connection that the fleet's front door (API Gateway) may hand to any
 * node: the first node a connection's frame reaches claims it, and keeps it while it lives.
 */
public final class ConnectionClaims {
  private static final Logger log = LoggerFactory.getLogger(ConnectionClaims.class);

  private final AsyncMap<String, String> homes;
  private final ClusterClaims claims;
  private final String node;
  private volatile Consumer<String> orphaned = id -> { };

  ConnectionClaims(AsyncMap<String, String> claims, String node, Predicate<String> alive) {
    this.homes = claims;
    // A frame that reaches a survivor before the departure is handled takes the claim over: the
    // connection's session died all the same, so it is orphaned as the departure would have it.
    this.claims = new ClusterClaims(claims, home -> home, alive, connectionId -> orphaned.accept(connectionId));
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

  /**
   * Hears of each connection whose holder left the fleet and that this node took charge of
   * (exactly one survivor does): its session, rooms included, died with its holder, so it is to
   * be closed at API Gateway, and its client reconnects, joins again and catches up from history.
   */
  public void onOrphaned(Consumer<String> handler) {
    orphaned = handler;
  }

  /**
   * A node left: the claims it held go, each to the one survivor whose conditional replace wins;
   * it keeps the claim, so that the connection's frames still on their way reach the node that
   * closes it. A connection that sent a frame meanwhile has been taken over by the node that
   * frame reached, which orphaned it then.
   */
  void forget(String leftNode) {
    claims.forget(leftNode);
    homes.entries().onSuccess(all -> all.forEach((connectionId, home) -> {
      if (leftNode.equals(home)) {
        homes.replaceIfPresent(connectionId, leftNode, node).onSuccess(won -> {
          if (won) {
            orphaned.accept(connectionId);
          }
        });
      }
    })).onFailure(e -> log.warn("Finding the connections node {} held failed: {}", leftNode, e.toString()));
  }
}
