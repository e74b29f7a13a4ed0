package io.pulsechat.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** Creates the {@code <prefix>mood} and {@code <prefix>feedback} tables when missing and waits until ACTIVE. */
public final class InsightTables {
  private static final Logger log = LoggerFactory.getLogger(InsightTables.class);
  /** Real DynamoDB takes 5-20 s to create a small table; DynamoDB Local a few milliseconds. */
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration GIVE_UP = Duration.ofMinutes(2);

  private final Vertx vertx;
  private final DynamoDbAsyncClient client;
  private final String prefix;

  public InsightTables(Vertx vertx, DynamoDbAsyncClient client, String prefix) {
    this.vertx = vertx;
    this.client = client;
    this.prefix = prefix;
  }

  public String moodTable() {
    return prefix + "mood";
  }

  public String feedbackTable() {
    return prefix + "feedback";
  }

  public Future<Void> ensure() {
    return Future.all(
            ensure(moodTable(), DynamoDbMoodStore.ROOM, DynamoDbMoodStore.MINUTE, ScalarAttributeType.N),
            ensure(feedbackTable(), DynamoDbFeedbackStore.ROOM, DynamoDbFeedbackStore.FLAG, ScalarAttributeType.S))
        .mapEmpty();
  }

  private Future<Void> ensure(String table, String hash, String range, ScalarAttributeType rangeType) {
    return status(table)
        .recover(e -> unwrap(e) instanceof ResourceNotFoundException ? create(table, hash, range, rangeType)
            : Future.failedFuture(e))
        .compose(s -> awaitActive(table, System.nanoTime() + GIVE_UP.toNanos()));
  }

  private Future<TableStatus> status(String table) {
    return Future.fromCompletionStage(client.describeTable(b -> b.tableName(table)), vertx.getOrCreateContext())
        .map(r -> r.table().tableStatus());
  }

  private Future<TableStatus> create(String table, String hash, String range, ScalarAttributeType rangeType) {
    log.info("Creating DynamoDB table {} (on-demand billing)", table);
    return Future.fromCompletionStage(client.createTable(b -> b.tableName(table)
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .attributeDefinitions(
                a -> a.attributeName(hash).attributeType(ScalarAttributeType.S),
                a -> a.attributeName(range).attributeType(rangeType))
            .keySchema(k -> k.attributeName(hash).keyType(KeyType.HASH),
                k -> k.attributeName(range).keyType(KeyType.RANGE))), vertx.getOrCreateContext())
        .map(r -> r.tableDescription().tableStatus())
        // another gateway created it first: wait for it like for our own
        .recover(e -> unwrap(e) instanceof ResourceInUseException ? status(table) : Future.failedFuture(e));
  }

  private Future<Void> awaitActive(String table, long deadline) {
    return status(table).compose(s -> {
      if (s == TableStatus.ACTIVE) {
        return Future.succeededFuture();
      }
      if (System.nanoTime() - deadline > 0) {
        return Future.failedFuture(new IllegalStateException("table " + table + " is still " + s + " after " + GIVE_UP));
      }
      Promise<Void> later = Promise.promise();
      vertx.setTimer(POLL.toMillis(), id -> awaitActive(table, deadline).onComplete(later));
      return later.future();
    });
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }
}
