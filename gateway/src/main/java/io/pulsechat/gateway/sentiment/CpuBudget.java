package io.pulsechat.gateway.sentiment;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How much CPU the accurate model may take: its workers' busy time over a sliding window, against
 * a budget of {@code cores} cores for that window. The encoder runs one core per worker, so busy
 * time is CPU time. Past the budget, {@link AccuratePool} gives new messages the fast model's
 * score, leaving the rest of the machine to the event loops.
 *
 * <p>The window is ten buckets; a busy interval is split over the buckets it spans, and a batch
 * still being encoded counts up to now. Thread-safe: workers record, event loops ask.
 */
final class CpuBudget {
  private static final int BUCKETS = 10;

  private final long bucketNanos;
  private final long budgetNanos;
  private final LongSupplier clock;
  private final long[] busy = new long[BUCKETS];
  /** Which absolute bucket each slot holds; a slot holding an older one is empty. */
  private final long[] slotBucket = new long[BUCKETS];
  private int running;
  private long runningStartSum;

  /**
   * @param cores  cores the pool may keep busy on average over the window (0.5 = half a core)
   * @param window the span the average is taken over
   * @param clock  nanoseconds, monotonic ({@code System::nanoTime})
   */
  CpuBudget(double cores, Duration window, LongSupplier clock) {
    this.bucketNanos = Math.max(1, window.toNanos() / BUCKETS);
    this.budgetNanos = (long) (cores * bucketNanos * BUCKETS);
    this.clock = clock;
    java.util.Arrays.fill(slotBucket, Long.MIN_VALUE);
  }

  /** Whether the pool has CPU left in the window: new work may start. */
  synchronized boolean admits() {
    long now = clock.getAsLong();
    return used(now) < budgetNanos;
  }

  /** A batch starts; returns the start to hand to {@link #end(long)}. */
  synchronized long begin() {
    long now = clock.getAsLong();
    running++;
    runningStartSum += now;
    return now;
  }

  /** The batch begun at {@code start} is done: its busy time joins the window. */
  synchronized void end(long start) {
    long now = clock.getAsLong();
    running--;
    runningStartSum -= start;
    long nowBucket = now / bucketNanos;
    // Only the buckets still in the window are kept.
    long from = Math.max(start / bucketNanos, nowBucket - BUCKETS + 1);
    for (long b = from; b <= nowBucket; b++) {
      long lo = Math.max(start, b * bucketNanos);
      long hi = Math.min(now, (b + 1) * bucketNanos);
      if (hi > lo) {
        add(b, hi - lo);
      }
    }
  }

  /** Busy nanoseconds in the window ending now, batches still running included. */
  synchronized long used() {
    return used(clock.getAsLong());
  }

  /** The budget of busy nanoseconds per window. */
  long budget() {
    return budgetNanos;
  }

  private long used(long now) {
    long nowBucket = now / bucketNanos;
    long sum = running * now - runningStartSum;
    for (int i = 0; i < BUCKETS; i++) {
      if (slotBucket[i] > nowBucket - BUCKETS) {
        sum += busy[i];
      }
    }
    return sum;
  }

  private void add(long bucket, long nanos) {
    int slot = (int) Math.floorMod(bucket, BUCKETS);
    if (slotBucket[slot] != bucket) {
      slotBucket[slot] = bucket;
      busy[slot] = 0;
    }
    busy[slot] += nanos;
  }
}
