package io.pulsechat.gateway.session;

import java.time.Duration;

/**
 * PROTOCOL.md's "sustained abuse": requests over the allowance without pause for a while. Each
 * refused request extends the current streak unless a pause (a second without a refusal) came
 * before it; a streak as long as {@code after} is abuse. One burst, however large, is a streak
 * of a few milliseconds. Not thread-safe: one per connection.
 */
final class SustainedAbuse {
  static final long PAUSE_NANOS = 1_000_000_000L;

  private final long afterNanos;
  private boolean streak;
  private long streakStart;
  private long lastRefusal;

  SustainedAbuse(Duration after) {
    this.afterNanos = after.toNanos();
  }

  /** A request was refused now; returns whether the streak it belongs to has lasted long enough to be abuse. */
  boolean refused(long nowNanos) {
    if (!streak || nowNanos - lastRefusal > PAUSE_NANOS) {
      streak = true;
      streakStart = nowNanos;
    }
    lastRefusal = nowNanos;
    return nowNanos - streakStart >= afterNanos;
  }
}
