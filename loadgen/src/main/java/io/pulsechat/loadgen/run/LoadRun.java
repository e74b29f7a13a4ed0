package io.pulsechat.loadgen.run;

import io.pulsechat.loadgen.pool.ClientPool;
import io.pulsechat.loadgen.scenario.Scenario;
import io.pulsechat.loadgen.search.StepRunner;
import io.pulsechat.loadgen.series.SeriesRecorder;
import io.pulsechat.loadgen.stats.Accounting;
import io.pulsechat.loadgen.stats.ConnectPhase;
import io.pulsechat.loadgen.stats.MemberOutcome;
import io.pulsechat.loadgen.stats.ProcUsage;
import io.pulsechat.loadgen.stats.WorkerStats;
import io.pulsechat.loadgen.stats.Step;
import io.pulsechat.loadgen.stats.StepResult;
import io.pulsechat.loadgen.wire.ClientMsgId;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * Coordinates a run from one ordinary thread: opens the pool, then runs measured steps over
 * it (warm-up, window, drain), printing progress and cutting an interval of the time series
 * once a second, and sampling {@code /proc}.
 */
public final class LoadRun implements StepRunner {
  /** Lead time so every event loop has the step before its first send is due. */
  private static final long LEAD_MICROS = 200_000;
  private static final long POLL_MS = 50;

  private final Scenario scenario;
  private final ClientPool pool;
  private final Progress progress;
  private final PrintStream progressOut;
  private final SeriesRecorder series;
  private ClientPool.Connections afterConnect;
  private int steps;
  private boolean runsDrills = true;

  public LoadRun(Scenario scenario, ClientPool pool, PrintStream progressOut, SeriesRecorder series) {
    this.scenario = scenario;
    this.pool = pool;
    this.progress = new Progress(progressOut, scenario.drainSeconds());
    this.progressOut = progressOut;
    this.series = series;
  }

  /** Leaves the drill command to another process (the coordinator of a distributed run); members still reconnect. */
  public LoadRun withoutDrills() {
    runsDrills = false;
    return this;
  }

  /** Opens every connection at the ramp rate and waits until each has joined or failed. */
  public ClientPool.Connections connect() {
    long begin = System.nanoTime();
    // Every connection ends by the ramp's end plus a connect and a join timeout; the rest is slack.
    double limit = scenario.connections() / scenario.ramp() + 2 * scenario.connectTimeoutSeconds() + 5;
    series.beginStep(0);
    pool.startConnecting();
    long nextPrint = begin + 1_000_000_000L;
    ClientPool.Connections c = pool.connections();
    while (!c.settled() && (System.nanoTime() - begin) / 1e9 < limit) {
      sleep(POLL_MS);
      c = pool.connections();
      if (System.nanoTime() >= nextPrint) {
        progress.connecting(c, (System.nanoTime() - begin) / 1e9);
        series.tick("connect", List.of(), c.joined());
        nextPrint += 1_000_000_000L;
      }
    }
    progress.connecting(c, (System.nanoTime() - begin) / 1e9);
    series.tick("connect", List.of(), c.joined());
    afterConnect = c;
    return c;
  }

  @Override
  public StepResult run(double ratePerSender) {
    return run(ratePerSender, scenario.durationSeconds());
  }

  @Override
  public StepResult run(double ratePerSender, double seconds) {
    return run(ratePerSender, ClientMsgId.nowMicros() + LEAD_MICROS, seconds);
  }

  /** A step whose first send is due at {@code start} (monotonic micros), as several generators agreed. */
  public StepResult run(double ratePerSender, long start, double seconds) {
    int index = ++steps;
    List<WorkerStats> stats = new ArrayList<>();
    IntStream.range(0, pool.workerCount()).forEach(i -> stats.add(new WorkerStats(scenario.rooms(), scenario.shapeKeys())));
    long windowStart = start + (long) (scenario.warmupSeconds() * 1e6);
    long windowEnd = windowStart + (long) (seconds * 1e6);
    Step step = new Step(index, ratePerSender, start, windowStart, windowEnd);
    ProcUsage server = scenario.serverPid().map(ProcUsage::new).orElse(null);
    ProcUsage self = ProcUsage.self();
    Histogram latency = new Histogram(3);
    Histogram acks = new Histogram(3);
    Map<String, Histogram> shapes = new TreeMap<>();
    scenario.shapeKeys().forEach(k -> shapes.put(k, new Histogram(3)));

    progress.reset();
    series.beginStep(index);
    pool.beginStep(step, stats);
    Drill drill = !runsDrills ? null : scenario.disruption().drillCommand().map(c -> Drill.schedule(c,
        (windowStart - ClientMsgId.nowMicros()) / 1000 + (long) (scenario.disruption().drillAtSeconds() * 1000),
        progressOut)).orElse(null);
    boolean inWindow = false;
    long nextPrint = ClientMsgId.nowMicros() + 1_000_000;
    while (ClientMsgId.nowMicros() < windowEnd) {
      long now = ClientMsgId.nowMicros();
      if (!inWindow && now >= windowStart) {
        inWindow = true;
        startUsage(server, self);
      }
      if (now >= nextPrint) {
        sampleUsage(server, self);
        print(inWindow ? "window" : "warm-up", step, stats, latency, acks, shapes);
        nextPrint += 1_000_000;
      }
      sleep(Math.max(1, Math.min(POLL_MS, (Math.min(windowEnd, inWindow ? nextPrint : windowStart) - now) / 1000)));
    }
    if (!inWindow) {
      startUsage(server, self);
    }
    ProcUsage.Window serverUsage = server == null ? null : server.end(step.windowSeconds());
    ProcUsage.Window selfUsage = self.end(step.windowSeconds());

    pool.stopSending();
    long drainEnd = ClientMsgId.nowMicros() + (long) (scenario.drainSeconds() * 1e6);
    while (ClientMsgId.nowMicros() < drainEnd && owed(Totals.of(stats)) > 0) {
      sleep(POLL_MS);
      if (ClientMsgId.nowMicros() >= nextPrint) {
        print("drain", step, stats, latency, acks, shapes);
        nextPrint += 1_000_000;
      }
    }
    List<MemberOutcome> outcomes = pool.endStep();
    series.drain(stats, latency, acks, shapes);
    ClientPool.Connections now = pool.connections();
    series.tick("drain", stats, now.joined());
    long connectFailures = afterConnect == null ? 0 : afterConnect.connectFailures();
    long joinFailures = afterConnect == null ? 0 : afterConnect.joinFailures();
    Accounting.Rules rules = new Accounting.Rules(scenario.p99BoundMs(), connectFailures, joinFailures,
        scenario.totalSenders() > 0, scenario.thresholds(),
        afterConnect == null ? ConnectPhase.none() : afterConnect.phase());
    StepResult result = Accounting.merge(step, stats, outcomes, latency, acks, shapes, roomNames(),
        scenario.roomShapes(), pool.joinedByRoom(), (int) now.joined(), serverUsage, selfUsage, rules);
    return drill == null ? result : drill.judge(result);
  }

  private List<String> roomNames() {
    return IntStream.range(0, scenario.rooms()).mapToObj(scenario::room).toList();
  }

  /** The loops' counters summed, as the progress line and the drain read them (racy but monotonic). */
  private record Totals(long sent, long deliveries, long expected, long received) {
    static Totals of(List<WorkerStats> stats) {
      long sent = 0;
      long deliveries = 0;
      long expected = 0;
      long received = 0;
      for (WorkerStats s : stats) {
        sent += s.sent;
        deliveries += s.deliveries;
        expected += s.expected;
        received += s.received;
      }
      return new Totals(sent, deliveries, expected, received);
    }
  }

  private static long owed(Totals t) {
    return t.expected() - t.received();
  }

  /** Once a second: the interval of the time series, and the progress line. */
  private void print(String phase, Step step, List<WorkerStats> stats, Histogram latency, Histogram acks,
                     Map<String, Histogram> shapes) {
    series.drain(stats, latency, acks, shapes);
    long joined = pool.connections().joined();
    series.tick(phase, stats, joined);
    Totals t = Totals.of(stats);
    double p99 = latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(99) / 1000.0;
    progress.step(phase, step.index(), step.ratePerSender(), joined, t.sent(), t.deliveries(), t.expected(),
        t.received(), p99);
  }

  private static void startUsage(ProcUsage server, ProcUsage self) {
    if (server != null) {
      server.start();
    }
    self.start();
  }

  private static void sampleUsage(ProcUsage server, ProcUsage self) {
    if (server != null) {
      server.sample();
    }
    self.sample();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
