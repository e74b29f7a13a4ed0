package io.pulsechat.gateway.store;

import io.pulsechat.gateway.GatewayConfig;
import io.pulsechat.gateway.protocol.ChatMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Copies the messages, mood minutes and flags that an earlier PulseChat kept in DynamoDB Local
 * files under DATA_DIR into the SQLite file there; run once, with the gateway stopped:
 * {@code java -cp gateway.jar io.pulsechat.gateway.store.ImportDynamoDbLocal [DATA_DIR]}.
 * Rows already in SQLite stay as they are, so running it again copies nothing twice.
 * {@code CHAT_TABLE_PREFIX} names the tables, as for the gateway.
 */
public final class ImportDynamoDbLocal {
  private static final int CHUNK = 500;

  private ImportDynamoDbLocal() {
  }

  public static void main(String[] args) throws Exception {
    GatewayConfig config = GatewayConfig.fromEnvironment();
    Path dataDir = args.length > 0 ? Path.of(args[0]) : config.dataDir();
    if (!Files.exists(dataDir.resolve(Storage.DYNAMODB_LOCAL_FILE))) {
      System.err.println("No DynamoDB Local files (" + Storage.DYNAMODB_LOCAL_FILE + ") in " + dataDir);
      System.exit(2);
    }
    int status = 0;
    try (EmbeddedDynamoDb dynamo = EmbeddedDynamoDb.startWithFiles(dataDir);
         DynamoDbAsyncClient client = dynamo.client();
         SqliteDatabase db = SqliteDatabase.open(dataDir, "FULL", 1)) {
      String prefix = config.tablePrefix();
      InsightTables insight = new InsightTables(null, client, prefix);
      // Dedup items and tombstones share the messages table; only messages are copied.
      long messages = copy(client, DynamoDbTables.messagesTable(prefix),
          item -> MessageItems.isMessage(item) ? MessageItems.fromItem(item) : null,
          chunk -> write(db, c -> SqliteMessageStore.insert(c, chunk)));
      long minutes = copy(client, insight.moodTable(), DynamoDbMoodStore::minute,
          chunk -> await(new SqliteMoodStore(db).save(chunk)));
      long flags = copy(client, insight.feedbackTable(), DynamoDbFeedbackStore::flag,
          chunk -> chunk.forEach(f -> await(new SqliteFeedbackStore(db).put(f))));
      System.out.printf("Copied %d messages, %d mood minutes and %d flags into %s%n", messages, minutes, flags,
          db.file());
    } catch (Exception e) {
      System.err.println("Import failed: " + e);
      status = 1;
    }
    // DynamoDB Local leaves a non-daemon thread behind.
    System.exit(status);
  }

  private static <T> long copy(DynamoDbAsyncClient client, String table,
                               java.util.function.Function<Map<String, AttributeValue>, T> convert, // null skips the item
                               Consumer<List<T>> sink) throws Exception {
    boolean exists = client.listTables().get().tableNames().contains(table);
    if (!exists) {
      return 0;
    }
    long copied = 0;
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      ScanResponse page = client.scan(b -> b.tableName(table).exclusiveStartKey(from)).get();
      List<T> rows = new ArrayList<>(page.items().size());
      page.items().forEach(item -> {
        T row = convert.apply(item);
        if (row != null) {
          rows.add(row);
        }
      });
      for (int i = 0; i < rows.size(); i += CHUNK) {
        sink.accept(rows.subList(i, Math.min(rows.size(), i + CHUNK)));
      }
      copied += rows.size();
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    return copied;
  }

  private static void write(SqliteDatabase db, SqliteDatabase.Work<List<ChatMessage>> work) {
    await(db.transaction(work));
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
