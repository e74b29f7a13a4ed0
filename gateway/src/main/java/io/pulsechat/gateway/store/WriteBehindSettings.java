package io.pulsechat.gateway.store;

import io.pulsechat.gateway.GatewayConfig;
import java.time.Duration;

/**
 * Tuning of {@link WriteBehindBatcher}.
 *
 * @param maxItems      messages per batch call: 1..25 for DynamoDB's BatchWriteItem, up to
 *                      {@link #MAX_ITEMS} for a store whose batch is one transaction
 * @param window        how long a partial batch waits for more messages
 * @param queueMax      messages accepted but not yet stored; beyond it appends are refused
 * @param concurrency   batch calls in flight at once
 * @param retryBudget   how long one batch is retried before its messages fail
 * @param backoffBase   first retry's backoff ceiling; doubles per retry
 * @param backoffCap    largest backoff ceiling
 * @param coolOff       how long the circuit breaker refuses appends after a batch gave up
 * @param shutdownGrace how long {@link WriteBehindBatcher#flush()} waits for the queue to drain
 */
public record WriteBehindSettings(int maxItems, Duration window, int queueMax, int concurrency,
                                  Duration retryBudget, Duration backoffBase, Duration backoffCap,
                                  Duration coolOff, Duration shutdownGrace) {

  /** 25 ms doubles to the 1 s cap in 6 retries, so a 10 s budget allows about 15 attempts. */
  public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofMillis(25);
  public static final Duration DEFAULT_BACKOFF_CAP = Duration.ofSeconds(1);
  public static final Duration DEFAULT_COOL_OFF = Duration.ofSeconds(1);

  /** Largest batch of any store. */
  public static final int MAX_ITEMS = 1000;
  /**
   * Messages per SQLite transaction: past a few hundred rows a commit gains little, and a
   * smaller one keeps the ack latency of a full queue short.
   */
  public static final int SQLITE_MAX_ITEMS = 500;

  public WriteBehindSettings {
    if (maxItems < 1 || maxItems > MAX_ITEMS) {
      throw new IllegalArgumentException("maxItems must lie in 1.." + MAX_ITEMS + ", was " + maxItems);
    }
    if (queueMax < 1 || concurrency < 1) {
      throw new IllegalArgumentException("queueMax and concurrency must be positive");
    }
  }

  public static WriteBehindSettings from(GatewayConfig config) {
    return new WriteBehindSettings(config.batchMaxItems(), config.batchWindow(), config.writeQueueMax(),
        config.writeConcurrency(), config.writeRetryBudget(), DEFAULT_BACKOFF_BASE, DEFAULT_BACKOFF_CAP,
        DEFAULT_COOL_OFF, config.shutdownGrace());
  }

  /**
   * For SQLite: one transaction in flight, and no window, since the single writer commits
   * whatever queued while it was busy in the next transaction (group commit): a quiet room
   * waits for nothing and a busy one fills its batches by itself.
   */
  public static WriteBehindSettings forSqlite(GatewayConfig config) {
    return new WriteBehindSettings(SQLITE_MAX_ITEMS, Duration.ZERO, config.writeQueueMax(), 1,
        config.writeRetryBudget(), DEFAULT_BACKOFF_BASE, DEFAULT_BACKOFF_CAP, DEFAULT_COOL_OFF, config.shutdownGrace());
  }
}
