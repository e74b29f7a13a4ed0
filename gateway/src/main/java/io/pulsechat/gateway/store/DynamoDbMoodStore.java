package io.pulsechat.gateway.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Mood minutes in the {@code <prefix>mood} table: partition {@code room} (S), sort {@code minute}
 * (N, the minute's start in epoch ms), attributes {@code sum}, {@code pos}, {@code neu},
 * {@code neg}. Writes go in BatchWriteItem calls of 25 (DynamoDB's limit) and are whole-item
 * puts, so a repeated write of a minute is idempotent. Reads are one Query per room.
 */
public final class DynamoDbMoodStore implements MoodStore {
  static final String ROOM = "room";
  static final String MINUTE = "minute";
  private static final int BATCH = 25;
  /** Unprocessed items are retried this many times, with a short backoff, before failing. */
  private static final int ATTEMPTS = 5;

  private final Vertx vertx;
  private final DynamoDbAsyncClient client;
  private final String table;

  public DynamoDbMoodStore(Vertx vertx, DynamoDbAsyncClient client, String table) {
    this.vertx = vertx;
    this.client = client;
    this.table = table;
  }

  @Override
  public Future<Void> save(List<Minute> minutes) {
    List<Future<Void>> batches = new ArrayList<>();
    for (int i = 0; i < minutes.size(); i += BATCH) {
      List<WriteRequest> writes = new ArrayList<>();
      for (Minute m : minutes.subList(i, Math.min(minutes.size(), i + BATCH))) {
        writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(m)).build()).build());
      }
      batches.add(write(writes, 1));
    }
    return Future.all(batches).mapEmpty();
  }

  private Future<Void> write(List<WriteRequest> writes, int attempt) {
    Context context = vertx.getOrCreateContext();
    return Future.fromCompletionStage(client.batchWriteItem(b -> b.requestItems(Map.of(table, writes))), context)
        .recover(e -> Future.failedFuture(unwrap(e)))
        .compose((BatchWriteItemResponse r) -> {
          List<WriteRequest> left = r.unprocessedItems().getOrDefault(table, List.of());
          if (left.isEmpty()) {
            return Future.succeededFuture();
          }
          if (attempt >= ATTEMPTS) {
            return Future.failedFuture(new StoreUnavailableException(left.size() + " mood minutes unprocessed after "
                + ATTEMPTS + " attempts"));
          }
          Promise<Void> later = Promise.promise();
          vertx.setTimer(50L << attempt, id -> write(left, attempt + 1).onComplete(later));
          return later.future();
        });
  }

  @Override
  public Future<List<Minute>> since(String room, long fromT) {
    return query(room, fromT, null, new ArrayList<>());
  }

  private Future<List<Minute>> query(String room, long fromT, Map<String, AttributeValue> startKey, List<Minute> into) {
    return Future.fromCompletionStage(client.query(b -> b.tableName(table)
            .keyConditionExpression("#r = :r AND #m >= :from")
            .expressionAttributeNames(Map.of("#r", ROOM, "#m", MINUTE))
            .expressionAttributeValues(Map.of(":r", s(room), ":from", n(fromT)))
            .exclusiveStartKey(startKey)), vertx.getOrCreateContext())
        .recover(e -> Future.failedFuture(unwrap(e)))
        .compose((QueryResponse r) -> {
          r.items().forEach(item -> into.add(minute(item)));
          return r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty()
              ? query(room, fromT, r.lastEvaluatedKey(), into) : Future.succeededFuture(into);
        });
  }

  private static Map<String, AttributeValue> item(Minute m) {
    return Map.of(ROOM, s(m.room()), MINUTE, n(m.t()), "sum", n(m.scoreSum()), "pos", n(m.positive()),
        "neu", n(m.neutral()), "neg", n(m.negative()));
  }

  static Minute minute(Map<String, AttributeValue> item) {
    return new Minute(item.get(ROOM).s(), Long.parseLong(item.get(MINUTE).n()), Double.parseDouble(item.get("sum").n()),
        Integer.parseInt(item.get("pos").n()), Integer.parseInt(item.get("neu").n()),
        Integer.parseInt(item.get("neg").n()));
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }

  /** Plain notation: no exponent, whatever the magnitude. */
  private static AttributeValue n(double v) {
    return AttributeValue.fromN(java.math.BigDecimal.valueOf(v).toPlainString());
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }
}
