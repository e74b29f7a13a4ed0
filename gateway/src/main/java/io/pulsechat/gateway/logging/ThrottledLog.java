package io.pulsechat.gateway.logging;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * One kind of log line that a client or an outage could repeat thousands of times a second: at
 * most one line per interval, the next one saying how many were left out meanwhile. Safe to
 * call from every event loop; never blocks.
 */
public final class ThrottledLog {
  /** How often one kind of line may be written. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  private final Logger log;
  private final LongSupplier nanoClock;
  private final long intervalNanos;
  private final AtomicLong nextAllowed;
  private final LongAdder suppressed = new LongAdder();

  public ThrottledLog(Logger log) {
    this(log, DEFAULT_INTERVAL);
  }

  public ThrottledLog(Logger log, Duration interval) {
    this(log, interval, System::nanoTime);
  }

  ThrottledLog(Logger log, Duration interval, LongSupplier nanoClock) {
    this.log = log;
    this.nanoClock = nanoClock;
    this.intervalNanos = interval.toNanos();
    this.nextAllowed = new AtomicLong(nanoClock.getAsLong());
  }

  /** A WARN line, unless one was written less than an interval ago; arguments as in SLF4J. */
  public void warn(String format, Object... args) {
    long now = nanoClock.getAsLong();
    long next = nextAllowed.get();
    if (now - next < 0 || !nextAllowed.compareAndSet(next, now + intervalNanos)) {
      suppressed.increment();
      return;
    }
    long left = suppressed.sumThenReset();
    if (left == 0) {
      log.warn(format, args);
      return;
    }
    Object[] withCount = Arrays.copyOf(args, args.length + 1);
    withCount[args.length] = left;
    log.warn(format + " (and {} more like it since the last such line)", withCount);
  }
}
