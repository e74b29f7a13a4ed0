package io.pulsechat.gateway.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsechat.gateway.GatewayConfig;
import io.pulsechat.gateway.vertx.CallerContext;
import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.HistoryPage;
import io.pulsechat.gateway.protocol.HistoryQuery;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * {@link MessageStore} on DynamoDB: appends go through a {@link WriteBehindBatcher} into
 * conditional TransactWriteItems calls ({@link DynamoDbBatchWriter}), which also tell a resend
 * from a new message, so {@link #appendOnce} reads nothing first; history is one Query (never a
 * Scan) that skips tombstones. See the package documentation for the table layout.
 */
public final class DynamoDbMessageStore implements MessageStore {
  private final DynamoDbAsyncClient client;
  private final String table;
  private final DynamoDbBatchWriter writer;
  private final WriteBehindBatcher batcher;

  /**
   * The product wiring: a batcher tuned by {@code config}, writing to
   * {@link DynamoDbTables#messagesTable(String) the messages table} items that expire after
   * {@link GatewayConfig#messageTtl()}. Build it once the table exists
   * ({@link DynamoDbTables#ensureMessagesTable()}).
   */
  public DynamoDbMessageStore(Vertx vertx, DynamoDbAsyncClient client, GatewayConfig config, MeterRegistry registry) {
    this(client, DynamoDbTables.messagesTable(config.tablePrefix()),
        new DynamoDbBatchWriter(client, DynamoDbTables.messagesTable(config.tablePrefix()), config.messageTtl()),
        writer -> new WriteBehindBatcher(vertx, writer, WriteBehindSettings.from(config), registry));
  }

  /**
   * With a batcher of one's own, e.g. other settings in tests and benchmarks.
   *
   * @param batcherFor builds the batcher around {@code writer} (or a wrapper of it)
   */
  public DynamoDbMessageStore(DynamoDbAsyncClient client, String table, DynamoDbBatchWriter writer,
                              java.util.function.Function<BatchWriter, WriteBehindBatcher> batcherFor) {
    this.client = client;
    this.table = table;
    this.writer = writer;
    this.batcher = batcherFor.apply(writer);
  }

  /** Like {@link #appendOnce}: a resend of a stored client message id is not stored twice. */
  @Override
  public Future<Void> append(ChatMessage message) {
    return appendOnce(message).mapEmpty();
  }

  @Override
  public Future<ChatMessage> appendOnce(ChatMessage message) {
    return batcher.submit(message).map(v -> {
      ChatMessage original = writer.takeEarlier(message);
      return original != null ? original : message;
    }).onFailure(e -> writer.forget(message));
  }

  @Override
  public Future<HistoryPage> history(HistoryQuery query) {
    try {
      HistoryQueries.check(query);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    boolean ascending = HistoryQueries.ascending(query);
    String bound = HistoryQueries.bound(query);
    String condition = "#room = :room" + (bound == null ? "" : ascending ? " AND #id > :bound" : " AND #id < :bound");
    Map<String, AttributeValue> values = bound == null
        ? Map.of(":room", AttributeValue.fromS(query.room()))
        : Map.of(":room", AttributeValue.fromS(query.room()), ":bound", AttributeValue.fromS(bound));
    QueryRequest request = QueryRequest.builder()
        .tableName(table)
        .keyConditionExpression(condition)
        .expressionAttributeNames(bound == null
            ? Map.of("#room", MessageItems.ROOM, "#tomb", MessageItems.TOMBSTONE)
            : Map.of("#room", MessageItems.ROOM, "#id", MessageItems.ID, "#tomb", MessageItems.TOMBSTONE))
        .expressionAttributeValues(values)
        .filterExpression("attribute_not_exists(#tomb)")
        .scanIndexForward(ascending)
        .build();
    // One more than asked tells whether more remain in that direction.
    int want = query.limit() + 1;
    CompletionStage<HistoryPage> page = queryUpTo(request, want, new ArrayList<>(want))
        .thenApply(items -> HistoryQueries.page(query, items.stream().map(MessageItems::fromItem).toList()));
    return CallerContext.of(page);
  }

  /**
   * Reads the dedup item, then the message it names (both strongly consistent). A message
   * stored before dedup items existed has none: the {@code byClientMsgId} index, eventually
   * consistent, answers for those.
   */
  @Override
  public Future<ChatMessage> findByClientMsgId(String room, String user, String clientMsgId) {
    CompletionStage<ChatMessage> found = client.getItem(b -> b.tableName(table)
            .key(MessageItems.dedupItemKey(room, user, clientMsgId)).consistentRead(true))
        .thenCompose(dedup -> {
          if (!dedup.hasItem() || dedup.item().isEmpty()) {
            return byIndex(room, user, clientMsgId);
          }
          return client.getItem(b -> b.tableName(table).consistentRead(true)
                  .key(MessageItems.key(room, dedup.item().get(MessageItems.MSG_ID).s())))
              .thenApply(r -> r.hasItem() && MessageItems.isMessage(r.item()) ? MessageItems.fromItem(r.item()) : null);
        });
    return CallerContext.of(found);
  }

  private CompletableFuture<ChatMessage> byIndex(String room, String user, String clientMsgId) {
    QueryRequest request = QueryRequest.builder()
        .tableName(table)
        .indexName(DynamoDbTables.BY_CLIENT_MSG_ID)
        .keyConditionExpression("#dedup = :dedup")
        .expressionAttributeNames(Map.of("#dedup", MessageItems.DEDUP))
        .expressionAttributeValues(Map.of(":dedup",
            AttributeValue.fromS(MessageItems.dedupKey(room, user, clientMsgId))))
        .limit(1)
        .build();
    return client.query(request).thenApply(r ->
        r.items().isEmpty() ? null : MessageItems.fromItem(r.items().get(0)));
  }

  /** One conditional UpdateItem, outside the batcher: a change is answered alone. */
  @Override
  public Future<Void> update(ChatMessage message) {
    return CallerContext.of(client.updateItem(MessageItems.update(table, message)).<Void>thenApply(r -> null));
  }

  @Override
  public boolean writesFailing() {
    return batcher.writesFailing();
  }

  @Override
  public Future<Void> flush() {
    return batcher.flush();
  }

  /**
   * A Query returns at most 1 MB per call: 201 messages of 2,000 four-byte characters are about
   * 1.6 MB, so a page can need a second call.
   */
  private CompletableFuture<List<Map<String, AttributeValue>>> queryUpTo(QueryRequest request, int want,
                                                                        List<Map<String, AttributeValue>> acc) {
    return client.query(request.toBuilder().limit(want - acc.size()).build()).thenCompose(response -> {
      acc.addAll(response.items());
      if (acc.size() >= want || !response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
        return CompletableFuture.completedFuture(acc);
      }
      return queryUpTo(request.toBuilder().exclusiveStartKey(response.lastEvaluatedKey()).build(), want, acc);
    });
  }

}
