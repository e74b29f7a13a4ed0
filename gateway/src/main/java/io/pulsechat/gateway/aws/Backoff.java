package io.pulsechat.gateway.aws;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and
 * Jitter"): the n-th retry waits a random time between 0 and min(cap, base × 2^(n-1)), so that
 * callers throttled together do not retry together. The one schedule of every retry the
 * gateway does itself (storage batches, EventBridge, PostToConnection).
 *
 * @param base        the ceiling of the first retry's wait
 * @param cap         the largest wait
 * @param maxAttempts how many times one request is sent at most, the first one included
 */
public record Backoff(Duration base, Duration cap, int maxAttempts) {

  public Backoff {
    if (base.isNegative() || cap.compareTo(base) < 0 || maxAttempts < 1) {
      throw new IllegalArgumentException("invalid backoff " + base + ".." + cap + " x" + maxAttempts);
    }
  }

  /** Whether a request already sent {@code attempts} times may be sent again. */
  public boolean allowsRetry(int attempts) {
    return attempts < maxAttempts;
  }

  /** The wait before retry number {@code retry} (1 for the first retry), at least 1 ms. */
  public long delayMillis(int retry) {
    return delayMillis(retry, ThreadLocalRandom.current().nextDouble());
  }

  /** The same with the jitter given, in [0, 1]: a test pins it to make the waits predictable. */
  public long delayMillis(int retry, double jitter) {
    // Past 2^30 the shift would overflow; the cap has long been reached by then.
    int shift = Math.min(Math.max(retry - 1, 0), 30);
    long ceiling = Math.min(cap.toMillis(), base.toMillis() << shift);
    return Math.max(1, Math.round(jitter * ceiling));
  }
}
