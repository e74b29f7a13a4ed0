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

  /** Homes kept elsewhere (a fleet's claims): {@code homeOf} and {@code release} as above. */
  static ConnectionHomes of(Function<String, Future<String>> homeOf, Consumer<String> release) {
    return new ConnectionHomes() {
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
    return of(connectionId -> Future.succeededFuture(node), connectionId -> { });
  }

}
