package io.pulsechat.loadgen.stats;

import org.HdrHistogram.Histogram;

/**
 * The measured connect phase: how long each connection took from its first attempt to its
 * {@code joined} frame (TCP, TLS, WebSocket handshake and join together), and the rate the joins
 * came at. Reconnects after a drop are not in it: they are the recovery's rejoin latency.
 *
 * @param latency           microseconds from a connection's first attempt to its joined frame
 * @param firstAttemptMicros monotonic time of the run's first connect attempt, or 0 before any
 * @param lastJoinMicros    monotonic time of the last first join, or 0 before any
 */
public record ConnectPhase(Histogram latency, long firstAttemptMicros, long lastJoinMicros) {
  public static ConnectPhase none() {
    return new ConnectPhase(new Histogram(3), 0, 0);
  }

  public long joins() {
    return latency.getTotalCount();
  }

  /** From the first attempt to the last join; NaN before any join. */
  public double seconds() {
    return joins() == 0 || firstAttemptMicros == 0 ? Double.NaN : (lastJoinMicros - firstAttemptMicros) / 1e6;
  }

  /** Joins a second over {@link #seconds()}; NaN before any join, or when every join came at once. */
  public double joinsPerSecond() {
    double s = seconds();
    return s > 0 ? joins() / s : Double.NaN;
  }

  /** Two generators' phases as one (their monotonic clocks agree on one machine; elsewhere the span is approximate). */
  public ConnectPhase merge(ConnectPhase o) {
    Histogram h = latency.copy();
    h.add(o.latency);
    long first = firstAttemptMicros == 0 ? o.firstAttemptMicros
        : o.firstAttemptMicros == 0 ? firstAttemptMicros : Math.min(firstAttemptMicros, o.firstAttemptMicros);
    return new ConnectPhase(h, first, Math.max(lastJoinMicros, o.lastJoinMicros));
  }
}
