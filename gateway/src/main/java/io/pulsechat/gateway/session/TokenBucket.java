package io.pulsechat.gateway.session;

/**
 * A token bucket: {@code capacity} tokens, refilled at {@code perSecond}. Not thread-safe: one
 * per connection, used on its event loop.
 */
public final class TokenBucket {
  private final double capacity;
  private final double perNano;
  private double tokens;
  private long last;

  public TokenBucket(double capacity, double perSecond, long nowNanos) {
    this.capacity = capacity;
    this.perNano = perSecond / 1e9;
    this.tokens = capacity;
    this.last = nowNanos;
  }

  /** Takes one token if there is one. */
  public boolean tryTake(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Whether the bucket is full by now: then it is the same as a new one, and may be forgotten. */
  public boolean isFull(long nowNanos) {
    refill(nowNanos);
    return tokens >= capacity;
  }

  private void refill(long nowNanos) {
    // Shared buckets are read from several threads, whose clock readings may arrive out of order.
    if (nowNanos > last) {
      tokens = Math.min(capacity, tokens + (nowNanos - last) * perNano);
      last = nowNanos;
    }
  }
}
