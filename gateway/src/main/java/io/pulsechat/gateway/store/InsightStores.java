package io.pulsechat.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * The room-mood, feedback, read-marker and access stores: the {@code <prefix>mood},
 * {@code <prefix>feedback}, {@code <prefix>reads} and {@code <prefix>access} tables on the
 * message store's DynamoDB, the same SQLite file, or in memory for tests of other parts.
 */
public record InsightStores(MoodStore mood, FeedbackStore feedback, ReadMarkers reads, AccessStore access) {

  public static InsightStores inMemory() {
    return new InsightStores(new InMemoryMoodStore(), new InMemoryFeedbackStore(), new InMemoryReadMarkers(),
        new InMemoryAccessStore());
  }

  public static InsightStores onSqlite(SqliteDatabase db) {
    return new InsightStores(new SqliteMoodStore(db), new SqliteFeedbackStore(db), new SqliteReadMarkers(db),
        new SqliteAccessStore(db));
  }

  /**
   * Creates the tables if missing; the stores use the caller's client, which the caller closes.
   * Logged access entries (moderation actions, alerts) expire after {@code retention} (zero: never).
   */
  public static Future<InsightStores> onDynamoDb(Vertx vertx, DynamoDbAsyncClient client, String prefix,
                                                 Duration retention) {
    InsightTables tables = new InsightTables(vertx, client, prefix);
    return tables.ensure().map(v -> new InsightStores(new DynamoDbMoodStore(vertx, client, tables.moodTable()),
        new DynamoDbFeedbackStore(vertx, client, tables.feedbackTable()),
        new DynamoDbReadMarkers(client, tables.readsTable()),
        new DynamoDbAccessStore(vertx, client, tables.accessTable(), retention)));
  }
}
