package io.pulsechat.loadgen.series;

import io.pulsechat.loadgen.stats.ProcUsage;
import io.pulsechat.loadgen.stats.WorkerStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Cuts a run into {@link Interval}s: called by the coordinating thread about once a second, it
 * takes the workers' counters as deltas and the latencies recorded since the last call, samples
 * {@code /proc}, and hands each interval to the sinks (files, a Pushgateway, a coordinator).
 */
public final class SeriesRecorder {
  private final List<Consumer<Interval>> sinks = new ArrayList<>();
  private final List<Interval> intervals = new ArrayList<>();
  private final ProcUsage server;
  private final ProcUsage self = ProcUsage.self();
  private Histogram latency = new Histogram(3);
  private Histogram ackLatency = new Histogram(3);
  /** This interval's latency by room shape, and the shapes' delivery counters at the last tick. */
  private Map<String, Histogram> shapeLatency = new TreeMap<>();
  private Map<String, Long> lastShapeDeliveries = new TreeMap<>();
  private int step;
  private int second;
  private long lastNanos = System.nanoTime();
  private long[] last = new long[4];
  private double serverCpu;
  private double selfCpu;

  /** @param server the process of {@code --server-pid}, or null */
  public SeriesRecorder(ProcUsage server) {
    this.server = server;
    serverCpu = server == null ? Double.NaN : server.cpuSeconds();
    selfCpu = self.cpuSeconds();
  }

  public SeriesRecorder sink(Consumer<Interval> sink) {
    sinks.add(sink);
    return this;
  }

  /** Starts a step's intervals (0: connecting): counters start again from zero, as the step's stats do. */
  public void beginStep(int index) {
    step = index;
    second = 0;
    last = new long[4];
    lastNanos = System.nanoTime();
    serverCpu = server == null ? Double.NaN : server.cpuSeconds();
    selfCpu = self.cpuSeconds();
    latency = new Histogram(3);
    ackLatency = new Histogram(3);
    shapeLatency = new TreeMap<>();
    lastShapeDeliveries = new TreeMap<>();
  }

  /** Moves what the workers recorded since the last call into the step's totals and this interval. */
  public void drain(List<WorkerStats> stats, Histogram stepLatency, Histogram stepAckLatency) {
    drain(stats, stepLatency, stepAckLatency, new TreeMap<>());
  }

  /** As {@link #drain(List, Histogram, Histogram)}, each room shape's latency also into {@code stepShapes}. */
  public void drain(List<WorkerStats> stats, Histogram stepLatency, Histogram stepAckLatency,
                    Map<String, Histogram> stepShapes) {
    for (WorkerStats s : stats) {
      Histogram l = s.latency.getIntervalHistogram();
      Histogram a = s.ackLatency.getIntervalHistogram();
      stepLatency.add(l);
      stepAckLatency.add(a);
      latency.add(l);
      ackLatency.add(a);
      for (int k = 0; k < s.shapes.size(); k++) {
        Histogram h = s.shapeLatency[k].getIntervalHistogram();
        stepShapes.computeIfAbsent(s.shapes.get(k), x -> new Histogram(3)).add(h);
        shapeLatency.computeIfAbsent(s.shapes.get(k), x -> new Histogram(3)).add(h);
      }
    }
  }

  /** Ends the current interval; call {@link #drain} first. */
  public Interval tick(String phase, List<WorkerStats> stats, long connections) {
    long[] now = new long[4];
    Map<String, Long> shapeDeliveries = new TreeMap<>();
    for (WorkerStats s : stats) {
      now[0] += s.sent;
      now[1] += s.deliveries;
      now[2] += s.ackFrames;
      now[3] += s.errorFrames;
      for (int k = 0; k < s.shapes.size(); k++) {
        shapeDeliveries.merge(s.shapes.get(k), s.shapeDeliveries[k], Long::sum);
      }
    }
    Map<String, Interval.Shape> shapes = new TreeMap<>();
    shapeDeliveries.forEach((k, n) -> shapes.put(k, new Interval.Shape(n - lastShapeDeliveries.getOrDefault(k, 0L),
        shapeLatency.getOrDefault(k, new Histogram(3)))));
    long nanos = System.nanoTime();
    double seconds = (nanos - lastNanos) / 1e9;
    double serverNow = server == null ? Double.NaN : server.cpuSeconds();
    double selfNow = self.cpuSeconds();
    Interval i = new Interval(step, phase, second++, System.currentTimeMillis(), seconds, now[0] - last[0],
        now[1] - last[1], now[2] - last[2], now[3] - last[3], connections, latency, ackLatency,
        cpuPercent(serverNow - serverCpu, seconds), server == null ? -1 : server.rssKiB(),
        cpuPercent(selfNow - selfCpu, seconds), self.rssKiB(), shapes);
    last = now;
    lastShapeDeliveries = shapeDeliveries;
    shapeLatency = new TreeMap<>();
    lastNanos = nanos;
    serverCpu = serverNow;
    selfCpu = selfNow;
    latency = new Histogram(3);
    ackLatency = new Histogram(3);
    intervals.add(i);
    sinks.forEach(s -> s.accept(i));
    return i;
  }

  private static double cpuPercent(double cpuSeconds, double wallSeconds) {
    return wallSeconds > 0 && Double.isFinite(cpuSeconds) ? 100 * cpuSeconds / wallSeconds : Double.NaN;
  }

  public List<Interval> intervals() {
    return List.copyOf(intervals);
  }
}
