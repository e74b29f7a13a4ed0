package io.pulsechat.gateway.apigw;

import io.vertx.core.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Which node of the fleet holds the session of an API Gateway connection. API Gateway may post
 * a connection's frames to any instance; they all go on to its home, which keeps its rooms and
 * rate limits.
 */
public interface ConnectionHomes {
  /** The home node's id; the first node to ask claims connections nobody holds. */
  Future<String> homeOf(String connectionId);

  /** The connection ended here: its claim goes. */
  void release(String connectionId);

  /**
   * Hears of connections whose home died and that this node is to close at API Gateway (their
   * sessions, rooms included, died with the home; a client that only reads would never learn).
   */
  default void onOrphaned(Consumer<String> handler) {
  }

  /** Homes kept elsewhere (a fleet's claims): {@code homeOf}, {@code release} and {@code onOrphaned} as above. */
  static ConnectionHomes of(Function<String, Future<String>> homeOf, Consumer<String> release,
                            Consumer<Consumer<String>> onOrphaned) {
    return new ConnectionHomes() {
      @Override
      public void onOrphaned(Consumer<String> handler) {
        onOrphaned.accept(handler);
      }

      @Override
      public Future<String> homeOf(String connectionId) {
        return homeOf.apply(connectionId);
      }

      @Override
      public void release(String connectionId) {
        release.accept(connectionId);
      }
    };
  }

  /** A gateway on its own is the home of every connection. */
  static ConnectionHomes local(String node) {
    return of(connectionId -> Future.succeededFuture(node), connectionId -> { }, handler -> { });
  }

}
