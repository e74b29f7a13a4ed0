package io.pulsechat.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** Creates the gateway's tables when they are missing and waits until they can be used. */
public final class DynamoDbTables {
  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbTables.class);
  static final String BY_CLIENT_MSG_ID = "byClientMsgId";
  /** Real DynamoDB takes 5-20 s to create a small table; DynamoDB Local a few milliseconds. */
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration GIVE_UP = Duration.ofMinutes(2);

  private final Vertx vertx;
  private final DynamoDbAsyncClient client;
  private final String tablePrefix;

  public DynamoDbTables(Vertx vertx, DynamoDbAsyncClient client, String tablePrefix) {
    this.vertx = vertx;
    this.client = client;
    this.tablePrefix = tablePrefix;
  }

  public static String messagesTable(String tablePrefix) {
    return tablePrefix + "messages";
  }

  /** Creates the messages table if missing; completes with its name once it and its index are ACTIVE. */
  public Future<String> ensureMessagesTable() {
    String name = messagesTable(tablePrefix);
    return describe(name)
        .recover(e -> unwrap(e) instanceof ResourceNotFoundException ? create(name) : Future.failedFuture(e))
        .compose(v -> awaitActive(name, System.nanoTime() + GIVE_UP.toNanos()))
        .map(name);
  }

  private Future<TableDescription> describe(String name) {
    return Future.fromCompletionStage(client.describeTable(b -> b.tableName(name)), vertx.getOrCreateContext())
        .map(r -> r.table());
  }

  private Future<TableDescription> create(String name) {
    LOG.info("Creating DynamoDB table {} (on-demand billing)", name);
    return Future.fromCompletionStage(client.createTable(b -> b
            .tableName(name)
            // Per-request billing: chat traffic is bursty and the gateway has no capacity planner.
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .attributeDefinitions(
                attribute(MessageItems.ROOM), attribute(MessageItems.ID), attribute(MessageItems.DEDUP))
            .keySchema(key(MessageItems.ROOM, KeyType.HASH), key(MessageItems.ID, KeyType.RANGE))
            .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                .indexName(BY_CLIENT_MSG_ID)
                .keySchema(key(MessageItems.DEDUP, KeyType.HASH))
                // ALL: a resend is answered from the index alone, without a second read.
                .projection(p -> p.projectionType(ProjectionType.ALL))
                .build())), vertx.getOrCreateContext())
        .map(r -> r.tableDescription())
        // Another gateway instance created it first: fine, wait for it like for our own.
        .recover(e -> unwrap(e) instanceof ResourceInUseException ? describe(name) : Future.failedFuture(e));
  }

  private Future<Void> awaitActive(String name, long deadline) {
    return describe(name).compose(table -> {
      if (isActive(table)) {
        return Future.succeededFuture();
      }
      if (System.nanoTime() - deadline > 0) {
        return Future.failedFuture(new IllegalStateException(
            "table " + name + " is still " + table.tableStatus() + " after " + GIVE_UP));
      }
      Promise<Void> later = Promise.promise();
      vertx.setTimer(POLL.toMillis(), id -> awaitActive(name, deadline).onComplete(later));
      return later.future();
    });
  }

  private static boolean isActive(TableDescription table) {
    return table.tableStatus() == TableStatus.ACTIVE
        && table.globalSecondaryIndexes().stream().allMatch(i -> i.indexStatus() == IndexStatus.ACTIVE);
  }

  private static AttributeDefinition attribute(String name) {
    return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }
}
