package io.pulsechat.gateway.store;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: the n-th retry waits a uniformly random time between 0
 * and min(cap, base * 2^n). Full jitter spreads the retries of many batches that failed
 * together, so they do not hit a throttled table again in lock step (AWS Architecture Blog,
 * "Exponential Backoff And Jitter").
 */
final class Backoff {
  private final long baseMillis;
  private final long capMillis;
  private final DoubleSupplier jitter;

  /** @param jitter values in [0, 1); tests pass a constant to make delays predictable */
  Backoff(Duration base, Duration cap, DoubleSupplier jitter) {
    if (base.isNegative() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 <= base <= cap, got " + base + " and " + cap);
    }
    this.baseMillis = base.toMillis();
    this.capMillis = cap.toMillis();
    this.jitter = jitter;
  }

  /** The wait before retry number {@code retry} (0 for the first retry), in milliseconds. */
  long delayMillis(int retry) {
    // Past 2^30 the shift would overflow; the cap has long been reached by then.
    long ceiling = retry >= 30 ? capMillis : Math.min(capMillis, baseMillis << retry);
    return Math.round(jitter.getAsDouble() * ceiling);
  }
}
