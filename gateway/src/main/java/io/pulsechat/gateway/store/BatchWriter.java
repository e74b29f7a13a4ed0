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

  /**
   * Whether a failed {@link #write} may still be applied by storage later (a call that timed out
   * or lost its connection after sending). Such messages are {@link #fence fenced} before they
   * are answered. The default, never, fits a store whose failed transaction is rolled back.
   */
  default boolean outcomeUnknown(Throwable failure) {
    return false;
  }

  /**
   * Settles a message one of whose writes may still be applied late. With {@code erase} false,
   * completes with true when the message is stored (an earlier write landed) or false when it
   * never will be (the fence now holds its key, so a late write fails); with {@code erase} true
   * (the message was answered "not stored"), makes sure it is not stored whether or not a write
   * landed. Fails when this call's own outcome is unknown or refused; the caller retries.
   * Only called for messages whose write failed with {@link #outcomeUnknown}.
   */
  default CompletionStage<Boolean> fence(ChatMessage message, boolean erase) {
    throw new UnsupportedOperationException("this store never leaves a write's outcome unknown");
  }
}
