package io.pulsechat.gateway.store;

import io.pulsechat.gateway.vertx.CallerContext;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Read markers in the {@code <prefix>reads} table: partition {@code user} (S), sort {@code room}
 * (S), attributes {@code id} and {@code ts}. A mark is one conditional UpdateItem that moves the
 * marker only forward; the markers of a user are one Query, read up to {@link #MAX_READ} rooms.
 */
public final class DynamoDbReadMarkers implements ReadMarkers {
  static final String USER = "user";
  static final String ROOM = "room";
  /** Rooms of one user read to pick the most recently marked; a user marks few rooms in practice. */
  private static final int MAX_READ = 1000;

  private final DynamoDbAsyncClient client;
  private final String table;

  public DynamoDbReadMarkers(DynamoDbAsyncClient client, String table) {
    this.client = client;
    this.table = table;
  }

  @Override
  public Future<String> mark(String user, String room, String id, long now) {
    CompletableFuture<String> marked = client.updateItem(b -> b.tableName(table).key(key(user, room))
            .updateExpression("SET #id = :id, #ts = :ts")
            .conditionExpression("attribute_not_exists(#id) OR #id < :id")
            .expressionAttributeNames(Map.of("#id", "id", "#ts", "ts"))
            .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(id),
                ":ts", AttributeValue.fromN(Long.toString(now)))))
        .thenApply(r -> id)
        .exceptionallyCompose(e -> unwrap(e) instanceof ConditionalCheckFailedException
            ? read(user, room) : CompletableFuture.failedFuture(unwrap(e)));
    return CallerContext.of(marked);
  }

  @Override
  public Future<String> marker(String user, String room) {
    return CallerContext.of(read(user, room));
  }

  private CompletableFuture<String> read(String user, String room) {
    return client.getItem(b -> b.tableName(table).key(key(user, room)).consistentRead(true))
        .thenApply(r -> r.hasItem() && r.item().containsKey("id") ? r.item().get("id").s() : null);
  }

  @Override
  public Future<List<Marker>> markers(String user, int max) {
    QueryRequest request = QueryRequest.builder().tableName(table)
        .keyConditionExpression("#user = :user")
        .expressionAttributeNames(Map.of("#user", USER))
        .expressionAttributeValues(Map.of(":user", AttributeValue.fromS(user)))
        .limit(MAX_READ)
        .build();
    return CallerContext.of(client.query(request).thenApply(r -> {
      List<Marker> markers = new ArrayList<>();
      r.items().forEach(item -> markers.add(new Marker(item.get(ROOM).s(), item.get("id").s(),
          Long.parseLong(item.get("ts").n()))));
      markers.sort(Comparator.comparingLong(Marker::ts).reversed());
      return markers.size() > max ? markers.subList(0, max) : markers;
    }));
  }

  private static Map<String, AttributeValue> key(String user, String room) {
    return Map.of(USER, AttributeValue.fromS(user), ROOM, AttributeValue.fromS(room));
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }
}
