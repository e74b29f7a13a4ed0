package io.pulsechat.loadgen.report;

import io.pulsechat.loadgen.scenario.Scenario;
import io.pulsechat.loadgen.stats.ConnectPhase;
import io.pulsechat.loadgen.stats.LatencySummary;
import io.pulsechat.loadgen.stats.ProcUsage;
import io.pulsechat.loadgen.stats.Recovery;
import io.pulsechat.loadgen.stats.ShapeResult;
import io.pulsechat.loadgen.stats.StepResult;
import io.pulsechat.loadgen.stats.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The human summary printed on stdout at the end of a run: one table row per step. */
public final class TextReport {
  static final List<String> COLUMNS = List.of("step", "rate/s", "sent", "expected", "received", "lost", "dup",
      "ooo", "refused", "errors", "deliv/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "mean ms", "acks", "ack p99 ms",
      "verdict");
  static final List<String> SHAPE_COLUMNS = List.of("step", "shape", "rooms", "messages", "expected", "received",
      "lost", "deliv/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "mean ms");

  private TextReport() {
  }

  public static String render(RunReport report) {
    Scenario s = report.scenario();
    StringBuilder out = new StringBuilder();
    out.append(summary(s)).append('\n');
    var c = report.connections();
    out.append(String.format(Locale.ROOT, "connections: %d of %d joined, %d connect failures, %d join failures%n",
        c.joined(), c.target(), c.connectFailures(), c.joinFailures()));
    out.append(connectPhase(c.phase(), s.ramp())).append('\n');
    c.connectErrors().forEach((m, n) -> out.append("  connect error x").append(n).append(": ").append(m).append('\n'));
    c.joinErrors().forEach((m, n) -> out.append("  join error x").append(n).append(": ").append(m).append('\n'));
    if (!report.steps().isEmpty()) {
      out.append('\n').append(table(report.steps()));
    }
    if (byShape(report.steps())) {
      out.append("\nby room shape (each shape's own deliveries and latency distribution):\n")
          .append(grid(SHAPE_COLUMNS, shapeRows(report.steps())));
    }
    for (StepResult step : report.steps()) {
      if (!step.errors().isEmpty()) {
        out.append("step ").append(step.step().index()).append(" error frames: ").append(step.errors()).append('\n');
      }
      if (step.recovery().any()) {
        out.append(recovery(step)).append('\n');
      }
      if (step.added().any()) {
        out.append(added(step, s.disruption().addPerSecond())).append('\n');
      }
      if (step.disconnects() > 0) {
        out.append("step ").append(step.step().index()).append(" disconnects: ").append(step.disconnects())
            .append(" (by status: ").append(c.closeStatuses()).append(")\n");
      }
    }
    report.headline().ifPresent(h -> {
      usage(out, "server", h.server());
      usage(out, "loadgen", h.loadgen());
    });
    report.headline().ifPresent(h -> checks(out, h));
    report.maxRate().ifPresent(r -> out.append("max rate: ").append(Format.number(r))
        .append(" msg/s per sender (").append(Format.number(r * s.totalSenders()))
        .append(" msg/s in all)\n"));
    out.append(verdict(report.verdict()));
    return out.toString();
  }

  /** The scenario in one line; the HTML report opens with the same. */
  static String summary(Scenario s) {
    String rate = s.maxRate() ? "max-rate search from " + Format.number(s.maxRateStart()) + " msg/s per sender"
        : Format.number(s.rate()) + " msg/s per sender";
    return String.format(Locale.ROOT, "run %s: %s, %s, %d-byte text, %s s window after %s s warm-up", s.runId(),
        s.describeRooms(), rate, s.size(), Format.number(s.durationSeconds()), Format.number(s.warmupSeconds()));
  }

  /** The last lines: PASS, or FAIL with its reason, or with a line for each of several. */
  static String verdict(Verdict v) {
    if (v.pass() || v.reasons().size() < 2) {
      return "verdict: " + v.describe() + "\n";
    }
    StringBuilder out = new StringBuilder("verdict: FAIL, ").append(v.reasons().size()).append(" reasons:\n");
    v.reasons().forEach(r -> out.append("  - ").append(r).append('\n'));
    return out.toString();
  }

  private static void checks(StringBuilder out, StepResult s) {
    if (s.verdict().checks().isEmpty()) {
      return;
    }
    out.append("checks (step ").append(s.step().index()).append("):\n");
    for (Verdict.Check c : s.verdict().checks()) {
      out.append(String.format(Locale.ROOT, "  %-4s %-9s %s  (%s)%n", c.pass() ? "ok" : "FAIL", c.source(),
          c.expression(), c.actual()));
    }
  }

  private static void usage(StringBuilder out, String who, ProcUsage.Window w) {
    if (w == null) {
      return;
    }
    out.append(String.format(Locale.ROOT, "%s pid %d: cpu %.1f %% (%.2f s), rss %d KiB at start, %d KiB max, %d KiB at end%n",
        who, w.pid(), w.cpuPercent(), w.cpuSeconds(), w.rssStartKiB(), w.rssMaxKiB(), w.rssEndKiB()));
  }

  static String table(List<StepResult> steps) {
    return grid(COLUMNS, steps.stream().map(TextReport::row).toList());
  }

  /** Whether the steps measured rooms of several shapes, each to be shown apart. */
  static boolean byShape(List<StepResult> steps) {
    return steps.stream().anyMatch(s -> s.shapes().size() > 1);
  }

  /** A row per step and room shape, in {@link #SHAPE_COLUMNS} order; the HTML report shows the same. */
  static List<List<String>> shapeRows(List<StepResult> steps) {
    List<List<String>> rows = new ArrayList<>();
    for (StepResult s : steps) {
      for (ShapeResult r : s.shapes()) {
        LatencySummary l = r.latencySummary();
        rows.add(List.of(Integer.toString(s.step().index()), r.label(), Integer.toString(r.rooms()),
            Long.toString(r.messages()), Long.toString(r.expected()), Long.toString(r.received()),
            Long.toString(r.lost()), String.format(Locale.ROOT, "%.0f", r.deliveriesPerSecond()), Format.ms(l.p50()),
            Format.ms(l.p90()), Format.ms(l.p99()), Format.ms(l.p999()), Format.ms(l.max()), Format.ms(l.mean())));
      }
    }
    return rows;
  }

  private static String grid(List<String> columns, List<List<String>> body) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(columns);
    rows.addAll(body);
    int[] widths = new int[columns.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        out.append(i == 0 ? "" : "  ").append(" ".repeat(widths[i] - cell.length())).append(cell);
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** The connect phase in one sentence; the HTML report shows the same. */
  static String connectPhase(ConnectPhase p, double ramp) {
    if (p.joins() == 0) {
      return "connect phase: no connection joined";
    }
    LatencySummary l = LatencySummary.of(p.latency());
    return String.format(Locale.ROOT, "connect phase: %d first joins in %s s (%s joins/s, --ramp %s), first attempt"
            + " to joined p50 %s ms, p90 %s ms, p99 %s ms, max %s ms", p.joins(), Format.number(p.seconds()),
        Format.number(p.joinsPerSecond()), Format.number(ramp), Format.ms(l.p50()), Format.ms(l.p90()),
        Format.ms(l.p99()), Format.ms(l.max()));
  }

  /** The step's connect ramp in one sentence, as the connect phase's; the HTML report shows the same. */
  static String added(StepResult step, double rate) {
    var a = step.added();
    LatencySummary l = LatencySummary.of(a.phase().latency());
    return String.format(Locale.ROOT, "step %d added members: %d of %d joined in %s s (%s joins/s, --add-members-rate"
            + " %s) while messages flowed, first attempt to joined p50 %s ms, p90 %s ms, p99 %s ms, max %s ms; %d not"
            + " joined", step.step().index(), a.joined(), a.target(), Format.number(a.phase().seconds()),
        Format.number(a.phase().joinsPerSecond()), Format.number(rate), Format.ms(l.p50()), Format.ms(l.p90()),
        Format.ms(l.p99()), Format.ms(l.max()), a.failures());
  }

  /** What members felt of a step's storm, churn or drill, in one sentence; the HTML report shows the same. */
  static String recovery(StepResult step) {
    Recovery r = step.recovery();
    LatencySummary l = LatencySummary.of(r.rejoinLatency());
    double back = r.allBackSeconds();
    return String.format(Locale.ROOT, "step %d recovery: %d members dropped or left, %d joined again (rejoin p50 %s ms,"
            + " p99 %s ms, max %s ms), %s, %d still away, %d reconnect failures; %d missed messages recovered from"
            + " history, %d unrecovered, %d both in history and live (dropped by id)",
        step.step().index(), r.dropped(), r.rejoined(), Format.ms(l.p50()), Format.ms(l.p99()), Format.ms(l.max()),
        Double.isNaN(back) ? "not all back" : "all back " + Format.ms(back) + " s after the first drop",
        r.stillAway(), r.reconnectFailures(), r.recovered(), r.unrecovered(), r.overlap());
  }

  /** One step's cells, in {@link #COLUMNS} order; the HTML report shows the same. */
  static List<String> row(StepResult s) {
    LatencySummary l = s.latencySummary();
    return List.of(Integer.toString(s.step().index()), Format.number(s.step().ratePerSender()),
        Long.toString(s.sent()), Long.toString(s.expected()), Long.toString(s.received()), Long.toString(s.lost()),
        Long.toString(s.duplicates()), Long.toString(s.outOfOrder()), Long.toString(s.refused()),
        Long.toString(s.errorFrames()),
        String.format(Locale.ROOT, "%.0f", s.deliveriesPerSecond()), Format.ms(l.p50()), Format.ms(l.p90()),
        Format.ms(l.p99()), Format.ms(l.p999()), Format.ms(l.max()), Format.ms(l.mean()), Long.toString(s.acks()),
        Format.ms(s.ackSummary().p99()), s.verdict().pass() ? "pass" : "FAIL");
  }
}
