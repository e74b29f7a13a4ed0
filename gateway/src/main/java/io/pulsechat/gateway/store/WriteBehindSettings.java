package io.pulsechat.gateway.store;

import io.pulsechat.gateway.GatewayConfig;
import java.time.Duration;

/**
 * Tuning of {@link WriteBehindBatcher}.
 *
 * @param maxItems      messages per batch call, 1..25 (DynamoDB's BatchWriteItem limit)
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

  public WriteBehindSettings {
    if (maxItems < 1 || maxItems > 25) {
      throw new IllegalArgumentException("maxItems must lie in 1..25, was " + maxItems);
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
}
