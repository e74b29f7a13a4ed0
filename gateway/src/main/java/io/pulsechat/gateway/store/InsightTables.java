package io.pulsechat.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Creates the {@code <prefix>mood}, {@code <prefix>feedback}, {@code <prefix>reads} and
 * {@code <prefix>access} tables when missing and waits until ACTIVE.
 */
public final class InsightTables {
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

  public String readsTable() {
    return prefix + "reads";
  }

  public String accessTable() {
    return prefix + "access";
  }

  public Future<Void> ensure() {
    DynamoDbTables tables = new DynamoDbTables(vertx, client, prefix);
    return Future.all(
            tables.ensure(table(moodTable(), DynamoDbMoodStore.ROOM, DynamoDbMoodStore.MINUTE, ScalarAttributeType.N)),
            tables.ensure(table(feedbackTable(), DynamoDbFeedbackStore.ROOM, DynamoDbFeedbackStore.FLAG,
                ScalarAttributeType.S)),
            tables.ensure(table(readsTable(), DynamoDbReadMarkers.USER, DynamoDbReadMarkers.ROOM,
                ScalarAttributeType.S)),
            tables.ensure(table(accessTable(), DynamoDbAccessStore.ROOM, DynamoDbAccessStore.ENTRY,
                ScalarAttributeType.S), MessageItems.EXPIRES_AT))
        .mapEmpty();
  }

  private static CreateTableRequest table(String name, String hash, String range, ScalarAttributeType rangeType) {
    return CreateTableRequest.builder()
        .tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(DynamoDbTables.attribute(hash, ScalarAttributeType.S),
            DynamoDbTables.attribute(range, rangeType))
        .keySchema(DynamoDbTables.key(hash, KeyType.HASH), DynamoDbTables.key(range, KeyType.RANGE))
        .build();
  }
}
