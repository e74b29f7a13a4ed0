package io.pulsechat.loadgen.stats;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Recorder;

/**
 * The counters of one event loop for one {@link Step}. Only that loop writes them, so the
 * counters need no atomics; they are volatile so that the once-a-second progress line reads
 * recent values, and the final read happens after a task on the loop (a happens-before edge).
 * Latencies go to {@link Recorder}s, which the coordinator drains without stopping the loop.
 */
public final class WorkerStats {
  public volatile long sent;
  public volatile long sentInWindow;
  public volatile long expected;
  public volatile long received;
  public volatile long deliveries;
  public volatile long duplicates;
  public volatile long outOfOrder;
  public volatile long acks;
  public volatile long refused;
  public volatile long sendFailures;
  public volatile long foreign;
  public volatile long sendLagMaxMicros;
  public volatile long disconnects;
  /** Every ack and error frame of the step, in the window or not, for the time series. */
  public volatile long ackFrames;
  public volatile long errorFrames;
  /** Microseconds from the scheduled send to the delivery, of messages sent in the window. */
  public final Recorder latency = new Recorder(3);
  public final Recorder ackLatency = new Recorder(3);
  /** Members dropped, left or closed by the server in this step, and what became of them; event loop only. */
  public long dropped;
  public long rejoined;
  public long reconnectFailures;
  public long recovered;
  public long overlap;
  public long unrecovered;
  public long stillAway;
  public long firstDropMicros;
  public long lastRejoinMicros;
  public final org.HdrHistogram.Histogram rejoinLatency = new org.HdrHistogram.Histogram(3);
  /** Members this loop adds in this step ({@code --add-members}), and how their first joins went; event loop only. */
  public long addTarget;
  public long addFirstAttemptMicros;
  public long addLastJoinMicros;
  public final org.HdrHistogram.Histogram addLatency = new org.HdrHistogram.Histogram(3);
  /** Error frames by code; event loop only, read after the step. */
  public final Map<String, Long> errors = new HashMap<>();
  public final long[] roomMessages;
  public final long[] roomExpected;
  public final long[] roomReceived;
  /** The run's room shapes ({@code MEMBERS+SENDERS}); empty when it has one shape. */
  public final List<String> shapes;
  /** As {@link #latency} and {@link #deliveries}, by index into {@link #shapes}. */
  public final Recorder[] shapeLatency;
  public final long[] shapeDeliveries;

  public WorkerStats(int rooms) {
    this(rooms, List.of());
  }

  public WorkerStats(int rooms, List<String> shapes) {
    roomMessages = new long[rooms];
    roomExpected = new long[rooms];
    roomReceived = new long[rooms];
    this.shapes = List.copyOf(shapes);
    shapeLatency = new Recorder[shapes.size()];
    for (int i = 0; i < shapeLatency.length; i++) {
      shapeLatency[i] = new Recorder(3);
    }
    shapeDeliveries = new long[shapes.size()];
  }

  public void dropped(long now) {
    dropped++;
    if (firstDropMicros == 0 || now < firstDropMicros) {
      firstDropMicros = now;
    }
  }

  public void rejoined(long now, long awayMicros) {
    rejoined++;
    lastRejoinMicros = Math.max(lastRejoinMicros, now);
    rejoinLatency.recordValue(Math.max(0, awayMicros));
  }

  public Recovery recovery() {
    return new Recovery(dropped, rejoined, stillAway, reconnectFailures, recovered, overlap, unrecovered,
        firstDropMicros, lastRejoinMicros, rejoinLatency.copy());
  }

  /** An added member's first attempt began at {@code now}. */
  public void addAttempted(long now) {
    if (addFirstAttemptMicros == 0 || now < addFirstAttemptMicros) {
      addFirstAttemptMicros = now;
    }
  }

  /** An added member joined at {@code now}, {@code latencyMicros} after its first attempt. */
  public void addJoined(long now, long latencyMicros) {
    addLastJoinMicros = Math.max(addLastJoinMicros, now);
    addLatency.recordValue(Math.max(0, latencyMicros));
  }

  public Added added() {
    return new Added(addTarget, new ConnectPhase(addLatency.copy(), addFirstAttemptMicros, addLastJoinMicros));
  }

  public void error(String code) {
    errorFrames++;
    errors.merge(code, 1L, Long::sum);
  }
}
