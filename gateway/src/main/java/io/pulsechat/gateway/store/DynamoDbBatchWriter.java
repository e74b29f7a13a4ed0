package io.pulsechat.gateway.store;

import io.pulsechat.gateway.protocol.ChatMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** A {@link BatchWriter} over DynamoDB's BatchWriteItem on the messages table. */
public final class DynamoDbBatchWriter implements BatchWriter {
  private final DynamoDbAsyncClient client;
  private final String table;
  private final Duration ttl;

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

  @Override
  public CompletionStage<List<ChatMessage>> write(List<ChatMessage> batch) {
    // BatchWriteItem refuses a request that names one key twice (ValidationException), and a
    // replay can queue the same message twice; keep the last, they are identical anyway.
    Map<String, ChatMessage> byKey = new LinkedHashMap<>();
    batch.forEach(m -> byKey.put(WriteBehindBatcher.key(m), m));
    List<WriteRequest> puts = new ArrayList<>(byKey.size());
    byKey.values().forEach(m -> puts.add(WriteRequest.builder()
        .putRequest(PutRequest.builder().item(MessageItems.toItem(m, ttl)).build()).build()));
    return client.batchWriteItem(b -> b.requestItems(Map.of(table, puts)))
        .thenApply(response -> {
          List<WriteRequest> left = response.unprocessedItems().getOrDefault(table, List.of());
          List<ChatMessage> unprocessed = new ArrayList<>(left.size());
          for (WriteRequest w : left) {
            ChatMessage m = byKey.get(WriteBehindBatcher.key(MessageItems.fromItem(w.putRequest().item())));
            if (m != null) {
              unprocessed.add(m);
            }
          }
          return unprocessed;
        });
  }

  /** Throttling, 5xx and network errors are transient; any other 4xx is a request DynamoDB will never take. */
  @Override
  public boolean isRetryable(Throwable failure) {
    Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (t instanceof ProvisionedThroughputExceededException || t instanceof RequestLimitExceededException) {
      return true;
    }
    if (t instanceof AwsServiceException e) {
      return e.isThrottlingException() || e.statusCode() >= 500 || e.statusCode() == 429;
    }
    return t instanceof SdkClientException;
  }
}
