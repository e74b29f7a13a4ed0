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
 * BatchWriteItem calls; history and the client-message-id lookup are single Query calls (never
 * a Scan). See the package documentation for the table layout.
 */
public final class DynamoDbMessageStore implements MessageStore {
  private final DynamoDbAsyncClient client;
  private final String table;
  private final WriteBehindBatcher batcher;

  /**
   * The product wiring: a batcher tuned by {@code config}, writing to
   * {@link DynamoDbTables#messagesTable(String) the messages table} items that expire after
   * {@link GatewayConfig#messageTtl()}. Build it once the table exists
   * ({@link DynamoDbTables#ensureMessagesTable()}).
   */
  public DynamoDbMessageStore(Vertx vertx, DynamoDbAsyncClient client, GatewayConfig config, MeterRegistry registry) {
    this(client, DynamoDbTables.messagesTable(config.tablePrefix()), new WriteBehindBatcher(vertx,
        new DynamoDbBatchWriter(client, DynamoDbTables.messagesTable(config.tablePrefix()), config.messageTtl()),
        WriteBehindSettings.from(config), registry));
  }

  /** With a batcher of one's own, e.g. other settings in tests and benchmarks. */
  public DynamoDbMessageStore(DynamoDbAsyncClient client, String table, WriteBehindBatcher batcher) {
    this.client = client;
    this.table = table;
    this.batcher = batcher;
  }

  @Override
  public Future<Void> append(ChatMessage message) {
    return batcher.submit(message);
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
        .expressionAttributeNames(bound == null ? Map.of("#room", MessageItems.ROOM)
            : Map.of("#room", MessageItems.ROOM, "#id", MessageItems.ID))
        .expressionAttributeValues(values)
        .scanIndexForward(ascending)
        .build();
    // One more than asked tells whether more remain in that direction.
    int want = query.limit() + 1;
    CompletionStage<HistoryPage> page = queryUpTo(request, want, new ArrayList<>(want))
        .thenApply(items -> HistoryQueries.page(query, items.stream().map(MessageItems::fromItem).toList()));
    return CallerContext.of(page);
  }

  /**
   * Reads through the {@code byClientMsgId} index. The index is eventually consistent, so a
   * message stored a few hundred milliseconds ago may not be found yet.
   */
  @Override
  public Future<ChatMessage> findByClientMsgId(String room, String user, String clientMsgId) {
    QueryRequest request = QueryRequest.builder()
        .tableName(table)
        .indexName(DynamoDbTables.BY_CLIENT_MSG_ID)
        .keyConditionExpression("#dedup = :dedup")
        .expressionAttributeNames(Map.of("#dedup", MessageItems.DEDUP))
        .expressionAttributeValues(Map.of(":dedup",
            AttributeValue.fromS(MessageItems.dedupKey(room, user, clientMsgId))))
        .limit(1)
        .build();
    return CallerContext.of(client.query(request).thenApply(r ->
        r.items().isEmpty() ? null : MessageItems.fromItem(r.items().get(0))));
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
