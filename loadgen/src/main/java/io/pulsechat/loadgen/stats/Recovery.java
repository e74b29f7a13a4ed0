package io.pulsechat.loadgen.stats;

import org.HdrHistogram.Histogram;

/**
 * What members felt of a disruption in one step (a reconnect storm, churn, a failure drill):
 * how many were dropped or left, how long until each was joined again, and what they got back
 * of the messages they missed, through the {@code joined} frame's history and {@code history after}.
 *
 * @param dropped           members that lost their room: dropped by the storm, left by churn, or closed by the server
 * @param rejoined          of those, joins that succeeded again
 * @param stillAway         members not joined again when the step ended
 * @param reconnectFailures reconnect or rejoin attempts that failed (each is retried)
 * @param recovered         messages a rejoined member had not seen and got from history
 * @param overlap           messages a rejoined member got both from history and live, in either order (a client
 *                          drops the second copy by id)
 * @param unrecovered       messages a rejoined member never got, live or from history (gaps in a sender's sequence)
 * @param firstDropMicros   monotonic time of the step's first drop, or 0
 * @param lastRejoinMicros  monotonic time of the step's last rejoin, or 0
 * @param rejoinLatency     microseconds from a member's drop to its joined frame
 */
public record Recovery(long dropped, long rejoined, long stillAway, long reconnectFailures, long recovered,
                       long overlap, long unrecovered, long firstDropMicros, long lastRejoinMicros,
                       Histogram rejoinLatency) {

  public static Recovery none() {
    return new Recovery(0, 0, 0, 0, 0, 0, 0, 0, 0, new Histogram(3));
  }

  /** Seconds from the first drop until every dropped member was joined again; NaN while some are away or none dropped. */
  public double allBackSeconds() {
    if (dropped == 0 || stillAway > 0 || lastRejoinMicros < firstDropMicros) {
      return Double.NaN;
    }
    return (lastRejoinMicros - firstDropMicros) / 1e6;
  }

  public boolean any() {
    return dropped > 0;
  }

  /** Two generators' (or event loops') recoveries as one: counts summed, histograms added, the widest span. */
  public Recovery plus(Recovery o) {
    Histogram h = rejoinLatency.copy();
    h.add(o.rejoinLatency);
    long first = firstDropMicros == 0 ? o.firstDropMicros
        : o.firstDropMicros == 0 ? firstDropMicros : Math.min(firstDropMicros, o.firstDropMicros);
    return new Recovery(dropped + o.dropped, rejoined + o.rejoined, stillAway + o.stillAway,
        reconnectFailures + o.reconnectFailures, recovered + o.recovered, overlap + o.overlap,
        unrecovered + o.unrecovered, first, Math.max(lastRejoinMicros, o.lastRejoinMicros), h);
  }
}
