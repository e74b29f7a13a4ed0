package io.pulsechat.loadgen.stats;

import java.util.HashMap;
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
  /** Error frames by code; event loop only, read after the step. */
  public final Map<String, Long> errors = new HashMap<>();
  public final long[] roomMessages;
  public final long[] roomExpected;
  public final long[] roomReceived;

  public WorkerStats(int rooms) {
    roomMessages = new long[rooms];
    roomExpected = new long[rooms];
    roomReceived = new long[rooms];
  }

  public void error(String code) {
    errorFrames++;
    errors.merge(code, 1L, Long::sum);
  }
}
