package io.pulsechat.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Flags in the {@code <prefix>feedback} table: partition {@code room} (S), sort {@code flag} (S,
 * {@code <message id>#<user>}, so one user's flag of a message replaces their earlier one),
 * attributes {@code id}, {@code user}, {@code text}, {@code modelLabel}, {@code model},
 * {@code label}, {@code ts}. The export is a paginated Scan: it is an occasional offline job
 * over a small table, not a per-message read.
 */
public final class DynamoDbFeedbackStore implements FeedbackStore {
  static final String ROOM = "room";
  static final String FLAG = "flag";

  private final Vertx vertx;
  private final DynamoDbAsyncClient client;
  private final String table;

  public DynamoDbFeedbackStore(Vertx vertx, DynamoDbAsyncClient client, String table) {
    this.vertx = vertx;
    this.client = client;
    this.table = table;
  }

  static String sortKey(Flag flag) {
    return flag.id() + "#" + flag.user();
  }

  @Override
  public Future<Void> put(Flag f) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(ROOM, s(f.room()));
    item.put(FLAG, s(sortKey(f)));
    item.put("id", s(f.id()));
    item.put("user", s(f.user()));
    item.put("text", s(f.text()));
    item.put("modelLabel", s(f.modelLabel()));
    item.put("model", s(f.model()));
    item.put("label", s(f.label()));
    item.put("ts", AttributeValue.fromN(Long.toString(f.ts())));
    return Future.fromCompletionStage(client.putItem(b -> b.tableName(table).item(item)), vertx.getOrCreateContext())
        .recover(e -> Future.failedFuture(unwrap(e)))
        .mapEmpty();
  }

  @Override
  public Future<List<Flag>> all() {
    return scan(null, new ArrayList<>()).map(flags -> {
      flags.sort(Comparator.comparing(Flag::room).thenComparing(DynamoDbFeedbackStore::sortKey));
      return flags;
    });
  }

  private Future<List<Flag>> scan(Map<String, AttributeValue> startKey, List<Flag> into) {
    return Future.fromCompletionStage(client.scan(b -> b.tableName(table).exclusiveStartKey(startKey)),
            vertx.getOrCreateContext())
        .recover(e -> Future.failedFuture(unwrap(e)))
        .compose((ScanResponse r) -> {
          r.items().forEach(item -> into.add(flag(item)));
          return r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty()
              ? scan(r.lastEvaluatedKey(), into) : Future.succeededFuture(into);
        });
  }

  static Flag flag(Map<String, AttributeValue> item) {
    return new Flag(item.get(ROOM).s(), item.get("id").s(), item.get("user").s(), item.get("text").s(),
        item.get("modelLabel").s(), item.get("model").s(), item.get("label").s(), Long.parseLong(item.get("ts").n()));
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }
}
