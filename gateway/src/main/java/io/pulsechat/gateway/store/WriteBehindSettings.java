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

  /**
   * The longest a storage call may take (DynamoDB's SDK client: per call, which is one attempt,
   * since the SDK does not retry where the batcher does): half the retry budget, so a batch gets
   * at least two attempts, between 200 ms and 5 s (a busy 2-core machine running DynamoDB Local
   * takes seconds now and then).
   */
  public static Duration callTimeout(Duration retryBudget) {
    long half = retryBudget.toMillis() / 2;
    return Duration.ofMillis(Math.max(200, Math.min(5_000, half)));
  }

  /**
   * The one place the timeouts of a write are chained. With budget {@code b} and call timeout
   * {@code c} ({@link #callTimeout}):
   * <ol>
   *   <li>a message waits in the queue at most until a batch slot frees, which is at most
   *       {@code 2(b+c)} after that slot's batch went out; one taken later than {@code b} after
   *       it was queued is refused, never sent;</li>
   *   <li>its batch is retried until {@code b} is spent; the last call ends within {@code c};</li>
   *   <li>if any call's outcome was unknown (a timeout: storage may still apply it), the message
   *       is fenced for at most another {@code b + c} (see {@link BatchWriter#fence}).</li>
   * </ol>
   * So every message is answered within {@code 4(b+c)} of being queued, truthfully: acked only
   * when stored, unavailable only when it is not and will not be. The session waits longer
   * than this for the room owner's answer ({@code io.pulsechat.gateway.Gateway} adds a margin
   * for scoring and the event bus), so it never answers in storage's place.
   */
  public static Duration answerWithin(Duration retryBudget) {
    return retryBudget.plus(callTimeout(retryBudget)).multipliedBy(4);
  }

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
