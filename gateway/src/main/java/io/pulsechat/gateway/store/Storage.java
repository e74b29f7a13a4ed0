package io.pulsechat.gateway.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsechat.gateway.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * The message store the configuration asks for: DynamoDB Local embedded in this process with
 * its files under DATA_DIR when no DynamoDB is configured, otherwise the configured DynamoDB.
 * Creates the tables it needs, and releases everything on {@link #close()}.
 */
public final class Storage {
  private static final Logger log = LoggerFactory.getLogger(Storage.class);

  private final Vertx vertx;
  private final MessageStore store;
  private final DynamoDbAsyncClient client;
  private final EmbeddedDynamoDb embedded;

  private Storage(Vertx vertx, MessageStore store, DynamoDbAsyncClient client, EmbeddedDynamoDb embedded) {
    this.vertx = vertx;
    this.store = store;
    this.client = client;
    this.embedded = embedded;
  }

  public static Future<Storage> open(Vertx vertx, GatewayConfig config, MeterRegistry registry) {
    Future<EmbeddedDynamoDb> local = config.embeddedDynamoDb()
        // Starting DynamoDB Local blocks for about a second.
        ? vertx.executeBlocking(() -> EmbeddedDynamoDb.startWithFiles(config.dataDir()))
        : Future.succeededFuture(null);
    return local.compose(embedded -> {
      DynamoDbAsyncClient client = embedded != null
          ? DynamoDbClients.forLocal(embedded.endpoint())
          : DynamoDbClients.forConfig(config);
      log.info("Storing messages in {}", embedded != null ? "DynamoDB Local (" + config.dataDir() + ")"
          : config.dynamoDbEndpoint().map(Object::toString).orElse("DynamoDB in " + config.awsRegion().orElse("?")));
      return new DynamoDbTables(vertx, client, config.tablePrefix()).ensureMessagesTable()
          .map(table -> new Storage(vertx, new DynamoDbMessageStore(vertx, client, config, registry), client, embedded))
          .recover(e -> {
            client.close();
            return (embedded == null ? Future.<Void>succeededFuture()
                : vertx.<Void>executeBlocking(() -> {
                  embedded.close();
                  return null;
                })).transform(ignored -> Future.failedFuture(e));
          });
    });
  }

  public MessageStore store() {
    return store;
  }

  /** The DynamoDB client the message store uses, for the other tables; closed by {@link #close()}. */
  public DynamoDbAsyncClient client() {
    return client;
  }

  /**
   * Closes the client and stops an embedded DynamoDB Local; call after the store was flushed.
   * Both wait for threads to end, so they run on a worker.
   */
  public Future<Void> close() {
    return vertx.executeBlocking(() -> {
      client.close();
      if (embedded != null) {
        embedded.close();
      }
      return null;
    });
  }
}
