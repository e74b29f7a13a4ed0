package io.pulsechat.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Access entries in the {@code <prefix>access} table: partition {@code room} (S), sort
 * {@code entry} (S, {@code <kind>#<subject>}), attributes {@code value}, {@code until} (N),
 * {@code by}, {@code at} (N). The logged kinds {@code action} and {@code alert} sort before the
 * rules {@code ban} &lt; {@code member} &lt; {@code mute} &lt; {@code room}, so a room's rules are
 * one Query from {@code "b"} on, and its latest actions (or alerts) one backward Query of the
 * {@code action#} (or {@code alert#}) prefix. Logged entries carry {@code expiresAt} (epoch
 * seconds, {@code at} plus the retention) for the table's TTL, as messages do; rules never expire.
 */
public final class DynamoDbAccessStore implements AccessStore {
  static final String ROOM = "room";
  static final String ENTRY = "entry";
  /** A room's rules (members, bans, mutes) are bounded by the gateway; this bounds one read of them. */
  private static final int MAX_PAGES = 20;

  private final Vertx vertx;
  private final DynamoDbAsyncClient client;
  private final String table;
  /** How long logged entries are kept; zero keeps them for good. */
  private final Duration retention;

  public DynamoDbAccessStore(Vertx vertx, DynamoDbAsyncClient client, String table, Duration retention) {
    this.vertx = vertx;
    this.client = client;
    this.table = table;
    this.retention = retention;
  }

  @Override
  public Future<List<Entry>> entries(String room) {
    return query(room, null, new ArrayList<>(), 0);
  }

  private Future<List<Entry>> query(String room, Map<String, AttributeValue> start, List<Entry> into, int page) {
    return Future.fromCompletionStage(client.query(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("#r = :r AND #e >= :b")
                .expressionAttributeNames(Map.of("#r", ROOM, "#e", ENTRY))
                .expressionAttributeValues(Map.of(":r", s(room), ":b", s("b")))
                .exclusiveStartKey(start)),
            vertx.getOrCreateContext())
        .recover(e -> Future.failedFuture(unwrap(e)))
        .compose((QueryResponse r) -> {
          r.items().forEach(item -> into.add(entry(item)));
          return r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() && page < MAX_PAGES
              ? query(room, r.lastEvaluatedKey(), into, page + 1) : Future.succeededFuture(into);
        });
  }

  @Override
  public Future<Void> put(Entry e) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(ROOM, s(e.room()));
    item.put(ENTRY, s(e.kind().wire() + "#" + e.subject()));
    if (e.value() != null) {
      item.put("value", s(e.value()));
    }
    item.put("until", n(e.until()));
    item.put("by", s(e.by()));
    item.put("at", n(e.at()));
    if (e.kind().logged() && !retention.isZero()) {
      item.put(MessageItems.EXPIRES_AT, n((e.at() + retention.toMillis()) / 1000));
    }
    return Future.fromCompletionStage(client.putItem(b -> b.tableName(table).item(item)), vertx.getOrCreateContext())
        .recover(x -> Future.failedFuture(unwrap(x)))
        .mapEmpty();
  }

  @Override
  public Future<Void> remove(String room, Kind kind, String subject) {
    return Future.fromCompletionStage(client.deleteItem(b -> b.tableName(table)
                .key(Map.of(ROOM, s(room), ENTRY, s(kind.wire() + "#" + subject)))),
            vertx.getOrCreateContext())
        .recover(x -> Future.failedFuture(unwrap(x)))
        .mapEmpty();
  }

  @Override
  public Future<List<Entry>> log(String room, Kind kind, int limit) {
    return Future.fromCompletionStage(client.query(b -> b.tableName(table).scanIndexForward(false).limit(limit)
                .keyConditionExpression("#r = :r AND begins_with(#e, :a)")
                .expressionAttributeNames(Map.of("#r", ROOM, "#e", ENTRY))
                .expressionAttributeValues(Map.of(":r", s(room), ":a", s(kind.wire() + "#")))),
            vertx.getOrCreateContext())
        .recover(e -> Future.failedFuture(unwrap(e)))
        .map(r -> {
          List<Entry> entries = new ArrayList<>();
          r.items().forEach(item -> entries.add(entry(item)));
          return entries;
        });
  }

  static Entry entry(Map<String, AttributeValue> item) {
    String key = item.get(ENTRY).s();
    int hash = key.indexOf('#');
    AttributeValue value = item.get("value");
    return new Entry(item.get(ROOM).s(), Kind.valueOf(key.substring(0, hash).toUpperCase(Locale.ROOT)),
        key.substring(hash + 1), value == null ? null : value.s(), Long.parseLong(item.get("until").n()),
        item.get("by").s(), Long.parseLong(item.get("at").n()));
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }
}
