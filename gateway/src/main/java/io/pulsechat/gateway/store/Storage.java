package io.pulsechat.gateway.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsechat.gateway.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The message store the configuration asks for, and how to release it. */
public final class Storage {
  private final MessageStore store;

  private Storage(MessageStore store) {
    this.store = store;
  }

  public static Future<Storage> open(Vertx vertx, GatewayConfig config, MeterRegistry registry) {
    // Interim: in memory until the DynamoDB store is wired here.
    return Future.succeededFuture(new Storage(new InMemoryMessageStore()));
  }

  public MessageStore store() {
    return store;
  }

  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
