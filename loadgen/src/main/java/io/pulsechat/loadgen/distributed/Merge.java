package io.pulsechat.loadgen.distributed;

import io.pulsechat.loadgen.pool.ClientPool;
import io.pulsechat.loadgen.series.Interval;
import io.pulsechat.loadgen.stats.ConnectPhase;
import io.pulsechat.loadgen.stats.Accounting;
import io.pulsechat.loadgen.stats.Judge;
import io.pulsechat.loadgen.stats.ProcUsage;
import io.pulsechat.loadgen.stats.Recovery;
import io.pulsechat.loadgen.stats.RoomResult;
import io.pulsechat.loadgen.stats.StepResult;
import io.pulsechat.loadgen.stats.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import org.HdrHistogram.Histogram;

/**
 * Several generators' results of one step as one: every count summed, the histograms added
 * (so a merged p99 is the p99 of every delivery, not an average of p99s), the rooms side by
 * side (each room lives on one generator), and the whole judged once by the run's rules.
 */
public final class Merge {
  private Merge() {
  }

  public static StepResult steps(List<StepResult> parts, Accounting.Rules rules) {
    StepResult first = parts.get(0);
    Histogram latency = new Histogram(3);
    Histogram acks = new Histogram(3);
    Map<String, Long> errors = new TreeMap<>();
    List<RoomResult> rooms = new ArrayList<>();
    long[] n = new long[12];
    ProcUsage.Window server = null;
    ProcUsage.Window loadgen = null;
    Recovery recovery = Recovery.none();
    Map<String, Histogram> shapes = new TreeMap<>();
    io.pulsechat.loadgen.stats.Added added = io.pulsechat.loadgen.stats.Added.none();
    for (StepResult s : parts) {
      added = added.plus(s.added());
      s.shapeLatency().forEach((shape, h) -> shapes.computeIfAbsent(shape, k -> new Histogram(3)).add(h));
      recovery = recovery.plus(s.recovery());
      n[0] += s.sent();
      n[1] += s.refused();
      n[2] += s.sendFailures();
      n[3] += s.expected();
      n[4] += s.received();
      n[5] += s.duplicates();
      n[6] += s.outOfOrder();
      n[7] += s.acks();
      n[8] += s.foreign();
      n[9] = Math.max(n[9], s.sendLagMaxMicros());
      n[10] += s.connected();
      n[11] += s.disconnects();
      latency.add(s.latency());
      acks.add(s.ackLatency());
      s.errors().forEach((code, count) -> errors.merge(code, count, Long::sum));
      rooms.addAll(s.rooms());
      server = server != null ? server : s.server();
      loadgen = loadgen == null ? s.loadgen() : s.loadgen() == null ? loadgen : add(loadgen, s.loadgen());
    }
    rooms.sort(Comparator.comparing(RoomResult::room));
    StepResult merged = new StepResult(first.step(), n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9],
        (int) n[10], n[11], latency, acks, errors, rooms, server, loadgen, Verdict.of(List.of()), recovery,
        shapes, added);
    return merged.withVerdict(Judge.judge(merged, rules));
  }

  /** The generators together: their CPU adds up, and so does their memory. */
  private static ProcUsage.Window add(ProcUsage.Window a, ProcUsage.Window b) {
    return new ProcUsage.Window(-1, a.cpuSeconds() + b.cpuSeconds(), a.cpuPercent() + b.cpuPercent(),
        a.rssStartKiB() + b.rssStartKiB(), a.rssMaxKiB() + b.rssMaxKiB(), a.rssEndKiB() + b.rssEndKiB());
  }

  public static ClientPool.Connections connections(List<ClientPool.Connections> parts) {
    long[] n = new long[6];
    Map<String, Long> connectErrors = new TreeMap<>();
    Map<String, Long> joinErrors = new TreeMap<>();
    Map<String, Long> closes = new TreeMap<>();
    Map<String, Long> outside = new TreeMap<>();
    BinaryOperator<Long> sum = Long::sum;
    ConnectPhase phase = ConnectPhase.none();
    for (ClientPool.Connections c : parts) {
      phase = phase.merge(c.phase());
      n[0] += c.target();
      n[1] += c.connected();
      n[2] += c.connectFailures();
      n[3] += c.joined();
      n[4] += c.joinsCompleted();
      n[5] += c.joinFailures();
      c.connectErrors().forEach((k, v) -> connectErrors.merge(k, v, sum));
      c.joinErrors().forEach((k, v) -> joinErrors.merge(k, v, sum));
      c.closeStatuses().forEach((k, v) -> closes.merge(k, v, sum));
      c.errorsOutsideSteps().forEach((k, v) -> outside.merge(k, v, sum));
    }
    return new ClientPool.Connections(n[0], n[1], n[2], n[3], n[4], n[5], connectErrors, joinErrors, closes, outside,
        phase);
  }

  /** The generators' intervals as one series: those of the same step and second merged, in order. */
  public static List<Interval> series(List<Interval> all) {
    Map<Long, Interval> bySecond = new TreeMap<>();
    for (Interval i : all) {
      bySecond.merge(((long) i.step() << 32) | i.second(), i, Interval::merge);
    }
    return List.copyOf(bySecond.values());
  }
}
