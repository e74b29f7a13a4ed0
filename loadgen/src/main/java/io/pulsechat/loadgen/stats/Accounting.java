package io.pulsechat.loadgen.stats;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** Merges the event loops' counters of one step into a {@link StepResult} and has {@link Judge} judge it. */
public final class Accounting {

  /** What the judgement needs besides the counters. */
  public record Rules(double p99BoundMs, long connectFailures, long joinFailures, boolean expectDeliveries,
                      List<Threshold> thresholds, ConnectPhase connect) {
    public Rules {
      thresholds = List.copyOf(thresholds);
    }

    /** Rules for counters alone, with no connect phase measured. */
    public Rules(double p99BoundMs, long connectFailures, long joinFailures, boolean expectDeliveries,
                 List<Threshold> thresholds) {
      this(p99BoundMs, connectFailures, joinFailures, expectDeliveries, thresholds, ConnectPhase.none());
    }
  }

  private Accounting() {
  }

  /** A step of a run of one room shape. */
  public static StepResult merge(Step step, List<WorkerStats> workers, List<MemberOutcome> outcomes,
                                 Histogram latency, Histogram ackLatency, List<String> roomNames, int[] roomMembers,
                                 int connected, ProcUsage.Window server, ProcUsage.Window loadgen, Rules rules) {
    return merge(step, workers, outcomes, latency, ackLatency, Map.of(), roomNames,
        java.util.Collections.nCopies(roomNames.size(), ""), roomMembers, connected, server, loadgen, rules);
  }

  /**
   * @param shapeLatency each room shape's latency, drained from the loops as {@code latency} was
   * @param roomShapes   each room's shape key, empty strings in a run of one shape
   */
  public static StepResult merge(Step step, List<WorkerStats> workers, List<MemberOutcome> outcomes,
                                 Histogram latency, Histogram ackLatency, Map<String, Histogram> shapeLatency,
                                 List<String> roomNames, List<String> roomShapes, int[] roomMembers,
                                 int connected, ProcUsage.Window server, ProcUsage.Window loadgen, Rules rules) {
    long sent = 0;
    long refused = 0;
    long sendFailures = 0;
    long expected = 0;
    long received = 0;
    long duplicates = 0;
    long outOfOrder = 0;
    long acks = 0;
    long foreign = 0;
    long lag = 0;
    long disconnects = 0;
    Map<String, Long> errors = new TreeMap<>();
    Recovery recovery = Recovery.none();
    Added added = Added.none();
    long[] messages = new long[roomNames.size()];
    long[] roomExpected = new long[roomNames.size()];
    long[] roomReceived = new long[roomNames.size()];
    for (WorkerStats s : workers) {
      sent += s.sentInWindow;
      refused += s.refused;
      sendFailures += s.sendFailures;
      expected += s.expected;
      received += s.received;
      duplicates += s.duplicates;
      outOfOrder += s.outOfOrder;
      acks += s.acks;
      foreign += s.foreign;
      lag = Math.max(lag, s.sendLagMaxMicros);
      disconnects += s.disconnects;
      recovery = recovery.plus(s.recovery());
      added = added.plus(s.added());
      s.errors.forEach((code, n) -> errors.merge(code, n, Long::sum));
      for (int r = 0; r < messages.length; r++) {
        messages[r] += s.roomMessages[r];
        roomExpected[r] += s.roomExpected[r];
        roomReceived[r] += s.roomReceived[r];
      }
    }
    List<List<MemberOutcome>> byRoom = new ArrayList<>();
    for (int r = 0; r < roomNames.size(); r++) {
      byRoom.add(new ArrayList<>());
    }
    outcomes.forEach(o -> byRoom.get(o.room()).add(o));
    List<RoomResult> rooms = new ArrayList<>();
    for (int r = 0; r < roomNames.size(); r++) {
      rooms.add(room(roomNames.get(r), roomMembers[r], messages[r], roomExpected[r], roomReceived[r], byRoom.get(r),
          roomShapes.get(r)));
    }
    StepResult unjudged = new StepResult(step, sent, refused, sendFailures, expected, received, duplicates, outOfOrder,
        acks, foreign, lag, connected, disconnects, latency, ackLatency, errors, rooms, server, loadgen,
        Verdict.of(List.of()), recovery, shapeLatency, added);
    return unjudged.withVerdict(Judge.judge(unjudged, rules));
  }

  /** A room's result: members that got every message must all have seen one order. */
  public static RoomResult room(String name, int members, long messages, long expected, long received,
                                List<MemberOutcome> outcomes) {
    return room(name, members, messages, expected, received, outcomes, "");
  }

  /** As {@link #room(String, int, long, long, long, List)}, for a room of the shape {@code shape}. */
  public static RoomResult room(String name, int members, long messages, long expected, long received,
                                List<MemberOutcome> outcomes, String shape) {
    Set<Long> digests = new HashSet<>();
    int complete = 0;
    for (MemberOutcome o : outcomes) {
      if (o.received() == messages) {
        complete++;
        digests.add(o.digest());
      }
    }
    boolean consistent = digests.size() <= 1;
    String digest = consistent && complete > 0 ? OrderDigest.hex(digests.iterator().next()) : "";
    return new RoomResult(name, members, messages, expected, received, complete, consistent, digest, shape);
  }
}
