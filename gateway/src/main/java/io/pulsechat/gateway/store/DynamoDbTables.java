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
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
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
  private static final Duration SET_UP_TIMEOUT = Duration.ofSeconds(60);

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

  /** The API Gateway connections table the stack creates and its {@code $connect} Lambda writes. */
  public static String connectionsTable(String tablePrefix) {
    return tablePrefix + "connections";
  }

  /**
   * Creates the messages table if missing, with TTL on {@code expiresAt} as the stack's template
   * has it; completes with its name once it and its index are ACTIVE. An existing table is left as
   * it is (in AWS the stack owns it, and the gateway's role may not change it).
   */
  public Future<String> ensureMessagesTable() {
    String name = messagesTable(tablePrefix);
    return ensure(CreateTableRequest.builder()
        .tableName(name)
        // Per-request billing: chat traffic is bursty and the gateway has no capacity planner.
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            attribute(MessageItems.ROOM, ScalarAttributeType.S), attribute(MessageItems.ID, ScalarAttributeType.S),
            attribute(MessageItems.DEDUP, ScalarAttributeType.S))
        .keySchema(key(MessageItems.ROOM, KeyType.HASH), key(MessageItems.ID, KeyType.RANGE))
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
            .indexName(BY_CLIENT_MSG_ID)
            .keySchema(key(MessageItems.DEDUP, KeyType.HASH))
            // ALL: a resend is answered from the index alone, without a second read.
            .projection(p -> p.projectionType(ProjectionType.ALL))
            .build())
        .build(), MessageItems.EXPIRES_AT).map(name);
  }

  /**
   * Creates the table if it is missing (another gateway creating it at the same time is fine)
   * and completes once it and its indexes are ACTIVE.
   */
  public Future<Void> ensure(CreateTableRequest request) {
    return ensure(request, null);
  }

  /**
   * As {@link #ensure(CreateTableRequest)}; when this call created the table, it then turns on
   * TTL on {@code ttlAttribute} (null: none). TTL can only be set on an ACTIVE table.
   */
  Future<Void> ensure(CreateTableRequest request, String ttlAttribute) {
    String name = request.tableName();
    return describe(name).map(false)
        .recover(e -> unwrap(e) instanceof ResourceNotFoundException ? create(request) : Future.failedFuture(e))
        .compose(created -> awaitActive(name, System.nanoTime() + GIVE_UP.toNanos())
            .compose(v -> created && ttlAttribute != null ? enableTtl(name, ttlAttribute) : Future.succeededFuture()));
  }

  private Future<Void> enableTtl(String name, String attribute) {
    LOG.info("Enabling TTL on {}.{}", name, attribute);
    return Future.fromCompletionStage(client.updateTimeToLive(b -> b.tableName(name)
            .overrideConfiguration(DynamoDbTables::setUpTimeouts)
            .timeToLiveSpecification(t -> t.attributeName(attribute).enabled(true))), vertx.getOrCreateContext())
        .mapEmpty();
  }

  private Future<TableDescription> describe(String name) {
    return Future.fromCompletionStage(client.describeTable(b -> b.tableName(name)
        .overrideConfiguration(DynamoDbTables::setUpTimeouts)), vertx.getOrCreateContext())
        .map(r -> r.table());
  }

  /** True when this call created the table, false when another gateway instance was first. */
  private Future<Boolean> create(CreateTableRequest request) {
    LOG.info("Creating DynamoDB table {} ({} billing)", request.tableName(), request.billingModeAsString());
    return Future.fromCompletionStage(client.createTable(request.toBuilder()
        .overrideConfiguration(DynamoDbTables::setUpTimeouts).build()), vertx.getOrCreateContext())
        .map(true)
        // Another gateway instance created it first: fine, wait for it like for our own; it
        // also sets the TTL.
        .recover(e -> unwrap(e) instanceof ResourceInUseException ? Future.succeededFuture(false)
            : Future.failedFuture(e));
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

  /**
   * For the table set-up calls at start: they run before any send and may be slow (DynamoDB Local
   * on a busy machine), so longer than the data calls' timeouts.
   */
  static void setUpTimeouts(software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration.Builder b) {
    b.apiCallTimeout(SET_UP_TIMEOUT).apiCallAttemptTimeout(SET_UP_TIMEOUT);
  }

  static AttributeDefinition attribute(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }
}
