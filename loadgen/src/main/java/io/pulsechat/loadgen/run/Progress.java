package io.pulsechat.loadgen.run;

import io.pulsechat.loadgen.pool.ClientPool;
import io.pulsechat.loadgen.report.Format;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * The live line on stderr, once a second: connections, send and delivery rates, p99 so far and
 * losses so far. A delivery owed for longer than the drain time counts as lost, as it would at
 * the end; younger ones are still in flight.
 */
final class Progress {
  private final PrintStream out;
  private final double drainSeconds;
  private final ArrayDeque<long[]> owedHistory = new ArrayDeque<>();
  private long lastNanos = System.nanoTime();
  private long lastSent;
  private long lastDeliveries;

  Progress(PrintStream out, double drainSeconds) {
    this.out = out;
    this.drainSeconds = drainSeconds;
  }

  void connecting(ClientPool.Connections c, double elapsedSeconds) {
    out.printf(Locale.ROOT, "[connect %5.1fs] joined %d/%d  connect failures %d  join failures %d%n",
        elapsedSeconds, c.joined(), c.target(), c.connectFailures(), c.joinFailures());
  }

  /** Call at the start of a step, so that rates start from zero. */
  void reset() {
    lastNanos = System.nanoTime();
    lastSent = 0;
    lastDeliveries = 0;
    owedHistory.clear();
  }

  void step(String phase, int step, double rate, long joined, long sent, long deliveries, long expected,
            long received, double p99Ms) {
    long now = System.nanoTime();
    double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
    double sentPerSecond = (sent - lastSent) / seconds;
    double deliveredPerSecond = (deliveries - lastDeliveries) / seconds;
    lastNanos = now;
    lastSent = sent;
    lastDeliveries = deliveries;
    owedHistory.addLast(new long[] {now, expected});
    long horizon = now - (long) (drainSeconds * 1e9);
    while (owedHistory.size() > 1 && secondTime() <= horizon) {
      owedHistory.removeFirst();
    }
    long owedLongAgo = owedHistory.peekFirst()[0] <= horizon ? owedHistory.peekFirst()[1] : 0;
    long lost = Math.max(0, owedLongAgo - received);
    out.printf(Locale.ROOT,
        "[step %d %s] rate %s/s  connected %d  sent/s %.0f  delivered/s %.0f  p99 %s  lost %d%n",
        step, phase, Format.number(rate), joined, sentPerSecond, deliveredPerSecond,
        Double.isNaN(p99Ms) ? "-" : String.format(Locale.ROOT, "%.1f ms", p99Ms), lost);
  }

  private long secondTime() {
    return owedHistory.stream().skip(1).findFirst().orElseThrow()[0];
  }
}
