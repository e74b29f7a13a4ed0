package io.pulsechat.loadgen.stats;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The measured outcome of one {@link Step}, merged over every event loop.
 *
 * @param expected    deliveries owed: each message sent in the window times the members of its
 *                    room joined at that moment, less those of sends the server refused
 * @param received    distinct deliveries of those messages, within the drain
 * @param refused     sends of the window answered with an {@code error} naming their {@code clientMsgId}
 * @param errors      error frames by code over the whole step (warm-up and drain too), refusals included
 * @param foreign     {@code message} frames not sent by this run (other clients in the room)
 * @param server      usage of {@code --server-pid} over the window, or null
 * @param loadgen     usage of this process over the window, or null off Linux
 * @param recovery    what members felt of storms, churn and drills in this step
 */
public record StepResult(Step step, long sent, long refused, long sendFailures, long expected, long received,
                         long duplicates, long outOfOrder, long acks, long foreign, long sendLagMaxMicros,
                         int connected, long disconnects, Histogram latency, Histogram ackLatency,
                         Map<String, Long> errors, List<RoomResult> rooms, ProcUsage.Window server,
                         ProcUsage.Window loadgen, Verdict verdict, Recovery recovery) {

  /** A step that disrupted nobody. */
  public StepResult(Step step, long sent, long refused, long sendFailures, long expected, long received,
                    long duplicates, long outOfOrder, long acks, long foreign, long sendLagMaxMicros,
                    int connected, long disconnects, Histogram latency, Histogram ackLatency,
                    Map<String, Long> errors, List<RoomResult> rooms, ProcUsage.Window server,
                    ProcUsage.Window loadgen, Verdict verdict) {
    this(step, sent, refused, sendFailures, expected, received, duplicates, outOfOrder, acks, foreign,
        sendLagMaxMicros, connected, disconnects, latency, ackLatency, errors, rooms, server, loadgen, verdict,
        Recovery.none());
  }

  public StepResult withVerdict(Verdict v) {
    return new StepResult(step, sent, refused, sendFailures, expected, received, duplicates, outOfOrder, acks, foreign,
        sendLagMaxMicros, connected, disconnects, latency, ackLatency, errors, rooms, server, loadgen, v, recovery);
  }

  public StepResult withRecovery(Recovery r) {
    return new StepResult(step, sent, refused, sendFailures, expected, received, duplicates, outOfOrder, acks, foreign,
        sendLagMaxMicros, connected, disconnects, latency, ackLatency, errors, rooms, server, loadgen, verdict, r);
  }

  /** Error frames of every code, refused sends included. */
  public long errorFrames() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  public long lost() {
    return Math.max(0, expected - received);
  }

  public double deliveriesPerSecond() {
    double s = step.windowSeconds();
    return s > 0 ? received / s : 0;
  }

  public LatencySummary latencySummary() {
    return LatencySummary.of(latency);
  }

  public LatencySummary ackSummary() {
    return LatencySummary.of(ackLatency);
  }

  public boolean orderConsistent() {
    return rooms.stream().allMatch(RoomResult::orderConsistent);
  }
}
