package io.pulsechat.gateway.store;

import io.pulsechat.gateway.protocol.ChatMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * A {@link BatchWriter} that writes a batch in one TransactWriteItems call: per message a Put on
 * the condition that its key is free, and for a message with a client message id a Put of its
 * dedup item on the same condition (see {@link MessageItems}). Every write is therefore
 * conditional, which makes a retry after an unknown outcome safe (a landed copy fails the
 * condition and counts as stored) and lets a {@link #fence} tombstone stop a late copy; and a
 * resend under a stored client message id fails on the dedup item, so finding the original costs
 * reads only then, never on the common path.
 *
 * <p>A cancelled transaction stores nothing; the messages it did not settle are handed back as
 * unprocessed and retried without the ones it settled.
 */
public final class DynamoDbBatchWriter implements BatchWriter {
  private static final String KEY_FREE = "attribute_not_exists(#room)";
  private static final String CONDITION_FAILED = "ConditionalCheckFailed";

  private final DynamoDbAsyncClient client;
  private final String table;
  private final Duration ttl;
  /** Messages found to resend a stored client message id, mapped to the original; see {@link #takeEarlier}. */
  private final Map<String, ChatMessage> earlier = new ConcurrentHashMap<>();

  /** Items without {@code expiresAt}: kept until deleted (tests and benchmarks). */
  public DynamoDbBatchWriter(DynamoDbAsyncClient client, String table) {
    this(client, table, Duration.ZERO);
  }

  /** Items expiring {@code ttl} after their message's {@code ts}; zero keeps them forever. */
  public DynamoDbBatchWriter(DynamoDbAsyncClient client, String table, Duration ttl) {
    this.client = client;
    this.table = table;
    this.ttl = ttl;
  }

  /**
   * The message stored earlier under the client message id of {@code message}, when its write
   * found one (it was then not stored), or null; each answer is taken once.
   */
  ChatMessage takeEarlier(ChatMessage message) {
    return earlier.remove(WriteBehindBatcher.key(message));
  }

  /** Forgets what {@link #takeEarlier} would have answered, for a message that failed. */
  void forget(ChatMessage message) {
    earlier.remove(WriteBehindBatcher.key(message));
  }

  @Override
  public CompletionStage<List<ChatMessage>> write(List<ChatMessage> batch) {
    // A transaction may not name one key twice, and a replay can queue the same message twice;
    // keep the last, they are identical anyway.
    Map<String, ChatMessage> byKey = new LinkedHashMap<>();
    batch.forEach(m -> byKey.put(WriteBehindBatcher.key(m), m));
    List<ChatMessage> messages = new ArrayList<>(byKey.size());
    // Two resends of one client message id in one transaction would name its dedup item twice:
    // the later one waits for the next attempt, where it meets the stored one.
    List<ChatMessage> later = new ArrayList<>();
    java.util.Set<String> dedupKeys = new java.util.HashSet<>();
    List<TransactWriteItem> items = new ArrayList<>(byKey.size() * 2);
    for (ChatMessage m : byKey.values()) {
      if (m.clientMsgId() != null && !dedupKeys.add(MessageItems.dedupKey(m.room(), m.user(), m.clientMsgId()))) {
        later.add(m);
        continue;
      }
      messages.add(m);
      items.add(conditionalPut(MessageItems.toItem(m, ttl)));
      if (m.clientMsgId() != null) {
        items.add(conditionalPut(MessageItems.dedupItem(m, ttl)));
      }
    }
    return client.transactWriteItems(b -> b.transactItems(items))
        .<CompletionStage<List<ChatMessage>>>handle((ok, failure) -> {
          if (failure == null) {
            return CompletableFuture.completedFuture(List.of());
          }
          if (unwrap(failure) instanceof TransactionCanceledException cancelled && cancelled.hasCancellationReasons()) {
            return settleCancelled(messages, cancelled.cancellationReasons());
          }
          return CompletableFuture.failedFuture(unwrap(failure));
        })
        .thenCompose(stage -> stage)
        .thenApply(again -> {
          if (later.isEmpty()) {
            return again;
          }
          List<ChatMessage> all = new ArrayList<>(again);
          all.addAll(later);
          return all;
        });
  }

  /**
   * Reads a cancelled transaction's reasons, which line up with its items: a message whose own
   * key was taken was stored by an earlier attempt; one whose dedup item was taken resends an
   * earlier message; any other is handed back to be retried.
   */
  private CompletionStage<List<ChatMessage>> settleCancelled(List<ChatMessage> messages,
                                                             List<CancellationReason> reasons) {
    List<ChatMessage> again = new ArrayList<>();
    List<CompletableFuture<Void>> lookups = new ArrayList<>();
    int i = 0;
    for (ChatMessage m : messages) {
      boolean keyTaken = failedCondition(reasons, i++);
      boolean dedupTaken = m.clientMsgId() != null && failedCondition(reasons, i++);
      if (keyTaken) {
        continue;
      }
      if (dedupTaken) {
        lookups.add(original(m).thenAccept(original -> {
          if (original != null) {
            earlier.put(WriteBehindBatcher.key(m), original);
          } else {
            synchronized (again) {
              again.add(m);
            }
          }
        }));
      } else {
        again.add(m);
      }
    }
    return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).thenApply(v -> {
      synchronized (again) {
        return List.copyOf(again);
      }
    });
  }

  /**
   * The live message the dedup item of {@code m}'s client message id points at; null after
   * removing a stale dedup item (its message expired or was fenced away), so {@code m} can be
   * stored on the next attempt.
   */
  private CompletableFuture<ChatMessage> original(ChatMessage m) {
    Map<String, AttributeValue> dedupKey = MessageItems.dedupItemKey(m.room(), m.user(), m.clientMsgId());
    return client.getItem(b -> b.tableName(table).key(dedupKey).consistentRead(true)).thenCompose(dedup -> {
      if (!dedup.hasItem() || dedup.item().isEmpty()) {
        return CompletableFuture.completedFuture(null);
      }
      String id = dedup.item().get(MessageItems.MSG_ID).s();
      return client.getItem(b -> b.tableName(table).key(MessageItems.key(m.room(), id)).consistentRead(true))
          .thenCompose(stored -> stored.hasItem() && MessageItems.isMessage(stored.item())
              ? CompletableFuture.completedFuture(MessageItems.fromItem(stored.item()))
              : deleteDedup(m.room(), m.user(), m.clientMsgId(), id).thenApply(v -> null));
    });
  }

  /** Deletes a dedup item if it still points at message {@code id}. */
  private CompletableFuture<Void> deleteDedup(String room, String user, String clientMsgId, String id) {
    return client.deleteItem(b -> b.tableName(table).key(MessageItems.dedupItemKey(room, user, clientMsgId))
            .conditionExpression("#msgId = :id")
            .expressionAttributeNames(Map.of("#msgId", MessageItems.MSG_ID))
            .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(id))))
        .<Void>thenApply(r -> null)
        .exceptionally(e -> {
          if (unwrap(e) instanceof ConditionalCheckFailedException) {
            return null;
          }
          throw e instanceof CompletionException ce ? ce : new CompletionException(e);
        });
  }

  /**
   * A tombstone at the message's key. Without {@code erase} it only goes where no message is: a
   * failed condition means an earlier write landed (true). With {@code erase} it replaces whatever
   * is there, and the message's dedup item goes too, so a resend is stored afresh.
   */
  @Override
  public CompletionStage<Boolean> fence(ChatMessage message, boolean erase) {
    if (!erase) {
      return client.putItem(b -> b.tableName(table).item(MessageItems.tombstone(message, ttl))
              .conditionExpression(KEY_FREE + " OR attribute_exists(#tomb)")
              .expressionAttributeNames(Map.of("#room", MessageItems.ROOM, "#tomb", MessageItems.TOMBSTONE)))
          .thenApply(r -> false)
          .exceptionally(e -> {
            if (unwrap(e) instanceof ConditionalCheckFailedException) {
              return true;
            }
            throw e instanceof CompletionException ce ? ce : new CompletionException(e);
          });
    }
    CompletableFuture<Void> tombstone = client.putItem(b -> b.tableName(table)
        .item(MessageItems.tombstone(message, ttl))).thenApply(r -> null);
    return (message.clientMsgId() == null ? tombstone : tombstone.thenCompose(v ->
        deleteDedup(message.room(), message.user(), message.clientMsgId(), message.id())))
        .thenApply(v -> false);
  }

  /** Throttling, 5xx and network errors are transient; any other 4xx is a request DynamoDB will never take. */
  @Override
  public boolean isRetryable(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof ProvisionedThroughputExceededException || t instanceof RequestLimitExceededException) {
      return true;
    }
    if (t instanceof AwsServiceException e) {
      return e.isThrottlingException() || e.statusCode() >= 500 || e.statusCode() == 429;
    }
    return t instanceof SdkClientException;
  }

  /**
   * A timeout or a broken connection (the request may have reached DynamoDB) and a 5xx (DynamoDB
   * says the outcome is unknown) may still be applied; a throttle or other 4xx never is.
   */
  @Override
  public boolean outcomeUnknown(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof AwsServiceException e) {
      return e.statusCode() >= 500;
    }
    return t instanceof SdkClientException;
  }

  private TransactWriteItem conditionalPut(Map<String, AttributeValue> item) {
    return TransactWriteItem.builder().put(p -> p.tableName(table).item(item).conditionExpression(KEY_FREE)
        .expressionAttributeNames(Map.of("#room", MessageItems.ROOM))).build();
  }

  private static boolean failedCondition(List<CancellationReason> reasons, int index) {
    return index < reasons.size() && CONDITION_FAILED.equals(reasons.get(index).code());
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }
}
