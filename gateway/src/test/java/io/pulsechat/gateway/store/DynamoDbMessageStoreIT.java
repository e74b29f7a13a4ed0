package io.pulsechat.gateway.store;

import static io.pulsechat.gateway.store.TestMessages.messages;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulsechat.gateway.GatewayConfig;
import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.HistoryQuery;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The {@link MessageStore} contract and the batching against DynamoDB Local (in memory, over HTTP). */
@ExtendWith(VertxExtension.class)
class DynamoDbMessageStoreIT extends MessageStoreContract {
  private static final String PREFIX = "it-";
  private static EmbeddedDynamoDb dynamo;
  private static DynamoDbAsyncClient client;
  private static String table;

  /** Records the size of every batch call on its way to DynamoDB. */
  private final List<Integer> callSizes = Collections.synchronizedList(new ArrayList<>());
  private DynamoDbMessageStore store;

  @BeforeAll
  static void startDynamoDb() throws Exception {
    dynamo = EmbeddedDynamoDb.startInMemory();
    client = dynamo.client();
    Vertx vertx = Vertx.vertx();
    try {
      table = new DynamoDbTables(vertx, client, PREFIX).ensureMessagesTable()
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  static void stopDynamoDb() {
    client.close();
    dynamo.close();
  }

  @BeforeEach
  void createStore(Vertx vertx) {
    // A 200 ms window lets a burst of appends fill whole batches.
    store = storeWithWindow(vertx, Duration.ofMillis(200));
  }

  private DynamoDbMessageStore storeWithWindow(Vertx vertx, Duration window) {
    // A budget of several call timeouts: a busy machine's DynamoDB Local sometimes takes seconds.
    WriteBehindSettings settings = new WriteBehindSettings(25, window, 1000, 4, Duration.ofSeconds(30),
        Duration.ofMillis(25), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5));
    return new DynamoDbMessageStore(client, table, new DynamoDbBatchWriter(client, table),
        real -> new WriteBehindBatcher(vertx, new BatchWriter() {
          @Override
          public CompletionStage<List<ChatMessage>> write(List<ChatMessage> batch) {
            callSizes.add(batch.size());
            return real.write(batch);
          }

          @Override
          public boolean isRetryable(Throwable failure) {
            return real.isRetryable(failure);
          }
        }, settings, new SimpleMeterRegistry()));
  }

  @Override
  protected MessageStore store() {
    return store;
  }

  @Test
  void sixtyMessagesGoOutInCallsOfAtMost25(Vertx vertx, VertxTestContext test) {
    // A 30 s window: only the size trigger sends batches until flush() sends the last 10.
    DynamoDbMessageStore patient = storeWithWindow(vertx, Duration.ofSeconds(30));
    List<ChatMessage> sixty = messages(room, 0, 60);
    Future<?> appended = Future.all(sixty.stream().map(patient::append).toList());
    patient.flush()
        .compose(v -> appended)
        .compose(v -> store.history(HistoryQuery.latest(room, 200)))
        .onComplete(test.succeeding(page -> test.verify(() -> {
          assertThat(callSizes).containsExactly(25, 25, 10);
          assertThat(page.messages()).containsExactlyElementsOf(sixty);
          assertThat(page.more()).isFalse();
          test.completeNow();
        })));
  }

  @Test
  void aPageOf200LongMessagesSpansSeveralQueryCalls(Vertx vertx, VertxTestContext test) {
    // 201 messages of 2,000 four-byte characters are about 1.6 MB, more than one 1 MB Query.
    String text = "\uD83D\uDE00".repeat(2000);
    List<ChatMessage> big = messages(room, 0, 201).stream()
        .map(m -> new ChatMessage(m.room(), m.id(), m.user(), text, m.ts(), m.clientMsgId(), m.sentiment()))
        .toList();
    Future.all(big.stream().map(store::append).toList())
        .compose(v -> store.history(HistoryQuery.latest(room, 200)))
        .onComplete(test.succeeding(page -> test.verify(() -> {
          assertThat(page.messages()).hasSize(200);
          assertThat(page.messages().get(0).id()).isEqualTo(TestMessages.id(1));
          assertThat(page.more()).isTrue();
          test.completeNow();
        })));
  }

  @Test
  void theTableTheGatewayCreatesHasTtlOnExpiresAt(VertxTestContext test) {
    Future.fromCompletionStage(client.describeTimeToLive(b -> b.tableName(table)))
        .onComplete(test.succeeding(r -> test.verify(() -> {
          assertThat(r.timeToLiveDescription().attributeName()).isEqualTo("expiresAt");
          assertThat(r.timeToLiveDescription().timeToLiveStatusAsString()).isIn("ENABLED", "ENABLING");
          test.completeNow();
        })));
  }

  @Test
  void storedMessagesExpireTheConfiguredDaysAfterTheirTimestampOrNeverWithZero(Vertx vertx, VertxTestContext test) {
    ChatMessage expiring = recent(7);
    ChatMessage kept = recent(8);
    configuredStore(vertx, "30").append(expiring)
        .compose(v -> configuredStore(vertx, "0").append(kept))
        .compose(v -> Future.all(rawItem(expiring), rawItem(kept)))
        .onComplete(test.succeeding(items -> test.verify(() -> {
          // TTL attributes are epoch seconds.
          assertThat(items.<Map<String, AttributeValue>>resultAt(0).get("expiresAt").n())
              .isEqualTo(Long.toString(expiring.ts() / 1000 + 30 * 86_400));
          assertThat(items.<Map<String, AttributeValue>>resultAt(1)).containsKey("text").doesNotContainKey("expiresAt");
          test.completeNow();
        })));
  }

  /**
   * A message sent now: TestMessages date from 2023, and DynamoDB Local deletes items whose
   * expiresAt has passed, as DynamoDB does.
   */
  private ChatMessage recent(int n) {
    ChatMessage m = TestMessages.message(room, n);
    return new ChatMessage(m.room(), m.id(), m.user(), m.text(), System.currentTimeMillis(), m.clientMsgId(),
        m.sentiment());
  }

  /** The product wiring, from configuration, with a window of 0 so each append is written at once. */
  private static DynamoDbMessageStore configuredStore(Vertx vertx, String ttlDays) {
    GatewayConfig config = GatewayConfig.from(Map.of("CHAT_TABLE_PREFIX", PREFIX, "CHAT_BATCH_WINDOW_MS", "0",
        "CHAT_MESSAGE_TTL_DAYS", ttlDays));
    return new DynamoDbMessageStore(vertx, client, config, new SimpleMeterRegistry());
  }

  private static Future<Map<String, AttributeValue>> rawItem(ChatMessage message) {
    return Future.fromCompletionStage(client.getItem(b -> b.tableName(table).consistentRead(true)
        .key(MessageItems.key(message.room(), message.id())))).map(r -> r.item());
  }

  @Test
  void flushStoresAPartialBatchAtOnce(Vertx vertx, VertxTestContext test) {
    List<ChatMessage> three = messages(room, 0, 3);
    Future<?> appended = Future.all(three.stream().map(store::append).toList());
    store.flush()
        .compose(v -> {
          test.verify(() -> assertThat(appended.succeeded()).isTrue());
          return store.history(HistoryQuery.latest(room, 50));
        })
        .onComplete(test.succeeding(page -> test.verify(() -> {
          assertThat(page.messages()).containsExactlyElementsOf(three);
          test.completeNow();
        })));
  }

  @Test
  void aFenceBeforeALateWriteKeepsTheMessageOutOfHistoryForever(VertxTestContext test) {
    DynamoDbBatchWriter writer = new DynamoDbBatchWriter(client, table);
    ChatMessage late = TestMessages.message(room, 1);
    ChatMessage next = TestMessages.message(room, 2);
    Future.fromCompletionStage(writer.fence(late, false))
        .compose(stored -> {
          test.verify(() -> assertThat(stored).as("nothing was there: the fence holds the key").isFalse());
          // The write whose answer never came arrives after the fence and fails its condition
          // (what it answers nobody reads: the batcher gave up on that call); a message beside
          // it in the same transaction is handed back and stored by the next attempt.
          return Future.fromCompletionStage(writer.write(List.of(late, next)));
        })
        .compose(unprocessed -> {
          test.verify(() -> assertThat(unprocessed).containsExactly(next));
          return Future.fromCompletionStage(writer.write(unprocessed));
        })
        .compose(v -> store.history(HistoryQuery.latest(room, 50)))
        .compose(page -> {
          test.verify(() -> assertThat(page.messages()).containsExactly(next));
          return store.findByClientMsgId(room, late.user(), late.clientMsgId());
        })
        .onComplete(test.succeeding(found -> test.verify(() -> {
          assertThat(found).isNull();
          test.completeNow();
        })));
  }

  @Test
  void aFenceAfterTheWriteLandedSaysStoredAndLeavesItInHistory(VertxTestContext test) {
    DynamoDbBatchWriter writer = new DynamoDbBatchWriter(client, table);
    ChatMessage landed = TestMessages.message(room, 1);
    Future.fromCompletionStage(writer.write(List.of(landed)))
        .compose(v -> Future.fromCompletionStage(writer.fence(landed, false)))
        .compose(stored -> {
          test.verify(() -> assertThat(stored).isTrue());
          // A retry of the same write after its first answer was lost counts as stored too.
          return Future.fromCompletionStage(writer.write(List.of(landed)));
        })
        .compose(unprocessed -> {
          test.verify(() -> assertThat(unprocessed).isEmpty());
          return store.history(HistoryQuery.latest(room, 50));
        })
        .onComplete(test.succeeding(page -> test.verify(() -> {
          assertThat(page.messages()).containsExactly(landed);
          test.completeNow();
        })));
  }

  @Test
  void anEraseRemovesALandedMessageAndFreesItsClientMsgIdForTheResend(VertxTestContext test) {
    DynamoDbBatchWriter writer = new DynamoDbBatchWriter(client, table);
    ChatMessage answeredUnavailable = TestMessages.message(room, 1);
    ChatMessage resend = resendOf(answeredUnavailable, 2);
    Future.fromCompletionStage(writer.write(List.of(answeredUnavailable)))
        .compose(v -> Future.fromCompletionStage(writer.fence(answeredUnavailable, true)))
        .compose(v -> store.appendOnce(resend))
        .compose(stored -> {
          test.verify(() -> assertThat(stored).isEqualTo(resend));
          return store.history(HistoryQuery.latest(room, 50));
        })
        .onComplete(test.succeeding(page -> test.verify(() -> {
          assertThat(page.messages()).containsExactly(resend);
          test.completeNow();
        })));
  }

  @Test
  void aResendWhoseOriginalWasFencedIsStoredAfresh(VertxTestContext test) {
    DynamoDbBatchWriter writer = new DynamoDbBatchWriter(client, table);
    ChatMessage fenced = TestMessages.message(room, 1);
    ChatMessage resend = resendOf(fenced, 2);
    // A dedup item left pointing at a tombstone (the erase did not get to delete it).
    Future.fromCompletionStage(client.putItem(b -> b.tableName(table).item(MessageItems.dedupItem(fenced, Duration.ZERO))))
        .compose(v -> Future.fromCompletionStage(writer.fence(fenced, false)))
        .compose(v -> store.appendOnce(resend))
        .compose(stored -> {
          test.verify(() -> assertThat(stored).isEqualTo(resend));
          return store.findByClientMsgId(room, fenced.user(), fenced.clientMsgId());
        })
        .onComplete(test.succeeding(found -> test.verify(() -> {
          assertThat(found).isEqualTo(resend);
          test.completeNow();
        })));
  }

  /** The client resends under the same clientMsgId; the gateway gives it a new id ({@code n}'s). */
  private ChatMessage resendOf(ChatMessage original, int n) {
    ChatMessage next = TestMessages.message(room, n);
    return new ChatMessage(next.room(), next.id(), original.user(), original.text(), next.ts(),
        original.clientMsgId(), original.sentiment());
  }
}
