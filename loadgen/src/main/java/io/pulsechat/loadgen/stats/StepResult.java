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
 * @param shapeLatency delivery latency by room shape ({@link RoomResult#shape()}), empty in a run of one shape
 * @param added       the members this step connected while messages flowed ({@code --add-members})
 */
public record StepResult(Step step, long sent, long refused, long sendFailures, long expected, long received,
                         long duplicates, long outOfOrder, long acks, long foreign, long sendLagMaxMicros,
                         int connected, long disconnects, Histogram latency, Histogram ackLatency,
                         Map<String, Long> errors, List<RoomResult> rooms, ProcUsage.Window server,
                         ProcUsage.Window loadgen, Verdict verdict, Recovery recovery,
                         Map<String, Histogram> shapeLatency, Added added) {

  /** A step that added no members. */
  public StepResult(Step step, long sent, long refused, long sendFailures, long expected, long received,
                    long duplicates, long outOfOrder, long acks, long foreign, long sendLagMaxMicros,
                    int connected, long disconnects, Histogram latency, Histogram ackLatency,
                    Map<String, Long> errors, List<RoomResult> rooms, ProcUsage.Window server,
                    ProcUsage.Window loadgen, Verdict verdict, Recovery recovery,
                    Map<String, Histogram> shapeLatency) {
    this(step, sent, refused, sendFailures, expected, received, duplicates, outOfOrder, acks, foreign,
        sendLagMaxMicros, connected, disconnects, latency, ackLatency, errors, rooms, server, loadgen, verdict,
        recovery, shapeLatency, Added.none());
  }

  /** A step of a run of one room shape. */
  public StepResult(Step step, long sent, long refused, long sendFailures, long expected, long received,
                    long duplicates, long outOfOrder, long acks, long foreign, long sendLagMaxMicros,
                    int connected, long disconnects, Histogram latency, Histogram ackLatency,
                    Map<String, Long> errors, List<RoomResult> rooms, ProcUsage.Window server,
                    ProcUsage.Window loadgen, Verdict verdict, Recovery recovery) {
    this(step, sent, refused, sendFailures, expected, received, duplicates, outOfOrder, acks, foreign,
        sendLagMaxMicros, connected, disconnects, latency, ackLatency, errors, rooms, server, loadgen, verdict,
        recovery, Map.of());
  }

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
        sendLagMaxMicros, connected, disconnects, latency, ackLatency, errors, rooms, server, loadgen, v, recovery,
        shapeLatency, added);
  }

  public StepResult withRecovery(Recovery r) {
    return new StepResult(step, sent, refused, sendFailures, expected, received, duplicates, outOfOrder, acks, foreign,
        sendLagMaxMicros, connected, disconnects, latency, ackLatency, errors, rooms, server, loadgen, verdict, r,
        shapeLatency, added);
  }

  public StepResult withAdded(Added a) {
    return new StepResult(step, sent, refused, sendFailures, expected, received, duplicates, outOfOrder, acks, foreign,
        sendLagMaxMicros, connected, disconnects, latency, ackLatency, errors, rooms, server, loadgen, verdict, recovery,
        shapeLatency, a);
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

  /**
   * The rooms of each shape with their own latency distribution, the largest rooms first; empty
   * in a run of one shape.
   */
  public List<ShapeResult> shapes() {
    List<ShapeResult> out = new java.util.ArrayList<>();
    shapeLatency.forEach((shape, h) -> {
      int count = 0;
      long messages = 0;
      long owed = 0;
      long got = 0;
      for (RoomResult r : rooms) {
        if (r.shape().equals(shape)) {
          count++;
          messages += r.messages();
          owed += r.expected();
          got += r.received();
        }
      }
      out.add(new ShapeResult(shape, count, messages, owed, got, h, step.windowSeconds()));
    });
    out.sort(java.util.Comparator.comparingInt(ShapeResult::roomSize).thenComparingInt(ShapeResult::members)
        .reversed().thenComparing(ShapeResult::shape));
    return out;
  }

  /** The rooms of {@code shape} ({@code MEMBERS+SENDERS}), if this step measured any. */
  public java.util.Optional<ShapeResult> shape(String shape) {
    return shapes().stream().filter(r -> r.shape().equals(shape)).findFirst();
  }

  public boolean orderConsistent() {
    return rooms.stream().allMatch(RoomResult::orderConsistent);
  }
}
