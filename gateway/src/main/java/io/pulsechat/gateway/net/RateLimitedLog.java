package io.pulsechat.gateway.net;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * At most one line per interval for things an attacker can make happen thousands of times a
 * second (refused connections, timeouts); the next line says how many were left out meanwhile.
 */
public final class RateLimitedLog {
  private final Logger log;
  private final long intervalNanos;
  private final AtomicLong next;
  private final LongAdder suppressed = new LongAdder();

  public RateLimitedLog(Logger log, Duration interval) {
    this.log = log;
    this.intervalNanos = interval.toNanos();
    this.next = new AtomicLong(System.nanoTime());
  }

  /** Logs at WARN unless a line went out less than an interval ago. */
  public void warn(String format, Object... args) {
    long now = System.nanoTime();
    long due = next.get();
    if (now - due >= 0 && next.compareAndSet(due, now + intervalNanos)) {
      long left = suppressed.sumThenReset();
      log.warn(left == 0 ? format : format + " (" + left + " more like it since the last such line)", args);
    } else {
      suppressed.increment();
    }
  }
}
