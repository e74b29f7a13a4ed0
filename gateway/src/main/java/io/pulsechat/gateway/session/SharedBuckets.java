package io.pulsechat.gateway.session;

import io.pulsechat.gateway.GatewayConfig;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token buckets by key (a user, a source address) shared by every event loop of the node. A
 * bucket that has refilled completely is the same as none, so such buckets are dropped now and
 * then: the map holds only keys active within one refill time, at most one per connection.
 */
public final class SharedBuckets {
  private final GatewayConfig.Rate rate;
  private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final long sweepEveryNanos;
  private final AtomicLong nextSweep;

  public SharedBuckets(GatewayConfig.Rate rate, long nowNanos) {
    this.rate = rate;
    // Sweeping more often than a bucket takes to refill would find nothing new to drop.
    this.sweepEveryNanos = Math.max(1_000_000_000L, (long) (rate.burst() / rate.perSecond() * 1e9));
    this.nextSweep = new AtomicLong(nowNanos + sweepEveryNanos);
  }

  /** Takes one token from the key's bucket if it has one; safe from any thread. */
  public boolean tryTake(String key, long nowNanos) {
    long due = nextSweep.get();
    if (nowNanos - due >= 0 && nextSweep.compareAndSet(due, nowNanos + sweepEveryNanos)) {
      sweep(nowNanos);
    }
    boolean[] taken = new boolean[1];
    buckets.compute(key, (k, bucket) -> {
      TokenBucket b = bucket != null ? bucket : new TokenBucket(rate.burst(), rate.perSecond(), nowNanos);
      taken[0] = b.tryTake(nowNanos);
      return b;
    });
    return taken[0];
  }

  private void sweep(long nowNanos) {
    for (String key : buckets.keySet()) {
      buckets.computeIfPresent(key, (k, b) -> b.isFull(nowNanos) ? null : b);
    }
  }

  int size() {
    return buckets.size();
  }
}
