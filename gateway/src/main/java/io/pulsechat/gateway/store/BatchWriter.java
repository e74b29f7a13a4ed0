package io.pulsechat.gateway.store;

import io.pulsechat.gateway.protocol.ChatMessage;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Writes one batch of messages to storage in a single call; the seam that lets
 * {@link WriteBehindBatcher} be tested without DynamoDB.
 *
 * <p>Writes must be idempotent: a message written twice (same room and id) leaves one row,
 * because the batcher retries whatever it did not see confirmed.
 */
public interface BatchWriter {

  /**
   * Writes {@code batch} (at most 25 messages). The stage completes with the messages that
   * storage did not take this time (empty when all were stored), or fails when the call itself
   * failed, in which case none of them counts as stored. The stage may complete on any thread.
   */
  CompletionStage<List<ChatMessage>> write(List<ChatMessage> batch);

  /**
   * Whether a failed {@link #write} is worth retrying (throttling, a 5xx, a network error)
   * rather than a request storage will never accept.
   */
  default boolean isRetryable(Throwable failure) {
    return true;
  }
}
