package io.pulsechat.loadgen.report;

import io.pulsechat.loadgen.stats.RoomResult;
import io.pulsechat.loadgen.stats.StepResult;
import io.pulsechat.loadgen.stats.Verdict;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A self-contained HTML page: scenario, verdict, step table, the latency distribution (one line
 * per step) next to the run over time, checks, errors and rooms, all inline SVG and HTML (no
 * script, no network).
 */
public final class HtmlReport {
  private static final int WIDTH = 760;
  private static final int HEIGHT = 360;
  private static final int LEFT = 60;
  private static final int BOTTOM = 40;
  private static final int TOP = 20;
  private static final int RIGHT = 20;
  /** The x axis runs to 99.999 %: five nines, as HdrHistogram's own plots. */
  private static final double NINES = 5;
  private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
      "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

  private HtmlReport() {
  }

  public static String render(RunReport report) {
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>PulseChat load run ")
        .append(esc(report.scenario().runId())).append("</title>\n<style>")
        .append("body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
        .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}")
        .append(".pass{color:#080;font-weight:bold}.fail{color:#b00;font-weight:bold}ul.fail{font-weight:normal}")
        .append("code{background:#f6f6f6}")
        .append("</style></head><body>\n<h1>PulseChat load run <code>").append(esc(report.scenario().runId()))
        .append("</code></h1>\n<p>").append(esc(TextReport.summary(report.scenario()))).append(". Started ")
        .append(esc(report.started().toString())).append(".</p>\n<p>Verdict: <span class=\"")
        .append(report.verdict().pass() ? "pass\">PASS" : "fail\">FAIL").append("</span></p>\n");
    if (!report.verdict().pass()) {
      // Each failed check on a line of its own, on the first screen.
      h.append("<ul class=\"fail\">");
      report.verdict().reasons().forEach(r -> h.append("<li>").append(esc(r)).append("</li>"));
      h.append("</ul>\n");
    }
    report.maxRate().ifPresent(r -> h.append("<p>Highest passing rate: <b>").append(Format.number(r))
        .append(" msg/s per sender</b>.</p>\n"));
    var c = report.connections();
    h.append("<h2>Connections</h2>\n<p>").append(c.joined()).append(" of ").append(c.target()).append(" joined; ")
        .append(c.connectFailures()).append(" connect failures, ").append(c.joinFailures())
        .append(" join failures.</p>\n<p>").append(esc(TextReport.connectPhase(c.phase(), report.scenario().ramp())))
        .append(".</p>\n");
    if (!report.steps().isEmpty()) {
      h.append("<h2>Steps</h2>\n<table><tr>");
      TextReport.COLUMNS.forEach(col -> h.append("<th>").append(esc(col)).append("</th>"));
      h.append("</tr>\n");
      for (StepResult s : report.steps()) {
        h.append("<tr>");
        TextReport.row(s).forEach(cell -> h.append("<td>").append(esc(cell)).append("</td>"));
        h.append("</tr>\n");
      }
      h.append("</table>\n");
      if (TextReport.byShape(report.steps())) {
        h.append("<h2>By room shape</h2>\n<p>Each shape's own deliveries and latency distribution (rooms of")
            .append(" <code>MEMBERS+SENDERS</code>; the steps table is over every room).</p>\n<table><tr>");
        TextReport.SHAPE_COLUMNS.forEach(col -> h.append("<th>").append(esc(col)).append("</th>"));
        h.append("</tr>\n");
        for (List<String> row : TextReport.shapeRows(report.steps())) {
          h.append("<tr>");
          row.forEach(cell -> h.append("<td>").append(esc(cell)).append("</td>"));
          h.append("</tr>\n");
        }
        h.append("</table>\n");
      }
      h.append("<h2>End-to-end latency by percentile</h2>\n").append(svg(curves(report.steps()),
          report.scenario().p99BoundMs()));
      report.headline().filter(s -> s.shapes().size() > 1).ifPresent(s -> h.append("<h2>Latency by room shape (step ")
          .append(s.step().index()).append(")</h2>\n").append(svg(s.shapes().stream().map(r -> new Curve(
              r.label() + ": " + r.received() + " deliveries, p99 " + Format.ms(r.latencySummary().p99()) + " ms",
              r.latency())).toList(), report.scenario().p99BoundMs())));
      h.append(TimeCharts.render(report.series()));
      report.headline().ifPresent(s -> checks(h, s));
      errors(h, report.steps());
      report.steps().stream().filter(st -> st.recovery().any())
          .forEach(st -> h.append("<p>").append(esc(TextReport.recovery(st))).append("</p>\n"));
      report.steps().stream().filter(st -> st.added().any()).forEach(st -> h.append("<p>")
          .append(esc(TextReport.added(st, report.scenario().disruption().addPerSecond()))).append("</p>\n"));
    }
    // Every option of the run, after the results: what a reader needs to run it again.
    h.append("<h2>Scenario</h2>\n<table>");
    for (Map.Entry<String, Object> e : report.scenario().describe().entrySet()) {
      h.append("<tr><th>").append(esc(e.getKey())).append("</th><td style=\"text-align:left\">")
          .append(esc(String.valueOf(e.getValue()))).append("</td></tr>");
    }
    h.append("</table>\n");
    if (!report.steps().isEmpty()) {
      report.headline().ifPresent(s -> rooms(h, s));
    }
    return h.append("</body></html>\n").toString();
  }

  private static void checks(StringBuilder h, StepResult s) {
    if (s.verdict().checks().isEmpty()) {
      return;
    }
    h.append("<h2>Checks (step ").append(s.step().index()).append(")</h2>\n<table><tr><th>check</th><th>from</th>")
        .append("<th>measured</th><th>result</th></tr>\n");
    for (Verdict.Check c : s.verdict().checks()) {
      h.append("<tr><td style=\"text-align:left\"><code>").append(esc(c.expression())).append("</code></td><td>")
          .append(esc(c.source())).append("</td><td>").append(esc(c.actual())).append("</td><td class=\"")
          .append(c.pass() ? "pass\">pass" : "fail\">FAIL").append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  /** Error frames by code for every step that had any: refused sends are among them. */
  private static void errors(StringBuilder h, List<StepResult> steps) {
    if (steps.stream().allMatch(s -> s.errors().isEmpty())) {
      return;
    }
    h.append("<h2>Error frames from the server</h2>\n<table><tr><th>step</th><th>code</th><th>frames</th></tr>\n");
    for (StepResult s : steps) {
      s.errors().forEach((code, n) -> h.append("<tr><td>").append(s.step().index()).append("</td><td>")
          .append(esc(code)).append("</td><td>").append(n).append("</td></tr>\n"));
    }
    h.append("</table>\n<p>A send refused by the server (an error naming its <code>clientMsgId</code>) is owed to")
        .append(" nobody; the steps table counts those of the window as <i>refused</i>.</p>\n");
  }

  private static void rooms(StringBuilder h, StepResult s) {
    h.append("<h2>Rooms (step ").append(s.step().index()).append(")</h2>\n<table><tr><th>room</th><th>members</th>")
        .append("<th>messages</th><th>expected</th><th>received</th><th>lost</th><th>one order</th></tr>\n");
    for (RoomResult r : s.rooms()) {
      h.append("<tr><td>").append(esc(r.room())).append("</td><td>").append(r.members()).append("</td><td>")
          .append(r.messages()).append("</td><td>").append(r.expected()).append("</td><td>").append(r.received())
          .append("</td><td>").append(r.lost()).append("</td><td>").append(r.orderConsistent() ? "yes" : "NO")
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  /** One line of the percentile plot: a step's distribution, or a room shape's. */
  record Curve(String label, Histogram latency) {
  }

  private static List<Curve> curves(List<StepResult> steps) {
    return steps.stream().map(s -> new Curve("step " + s.step().index() + ": "
        + Format.number(s.step().ratePerSender()) + " msg/s per sender, p99 " + Format.ms(s.latencySummary().p99())
        + " ms, " + (s.verdict().pass() ? "pass" : "fail"), s.latency())).toList();
  }

  /** Latency (linear, ms) against percentile (log scale of 1/(1-p), 0 to 99.999 %). */
  static String svg(List<Curve> steps, double boundMs) {
    double maxMs = boundMs;
    for (Curve s : steps) {
      maxMs = Math.max(maxMs, s.latency().getMaxValue() / 1000.0);
    }
    maxMs *= 1.05;
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    StringBuilder g = new StringBuilder();
    g.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" font-size=\"11\">\n", WIDTH, HEIGHT + 20 * steps.size(), WIDTH,
        HEIGHT + 20 * steps.size()));
    g.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>\n",
        LEFT, TOP, plotW, plotH));
    String[] xLabels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
    for (int i = 0; i <= NINES; i++) {
      double x = LEFT + plotW * i / NINES;
      g.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>"
          + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x, TOP, x, TOP + plotH, x,
          TOP + plotH + 15, xLabels[i]));
    }
    for (int i = 0; i <= 5; i++) {
      double ms = maxMs * i / 5;
      double y = TOP + plotH - plotH * i / 5.0;
      g.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>\n", LEFT, y, LEFT + plotW, y, LEFT - 5,
          y + 4, ms));
    }
    g.append(String.format(Locale.ROOT, "<text x=\"15\" y=\"%d\" transform=\"rotate(-90 15 %d)\" "
        + "text-anchor=\"middle\">latency (ms)</text>\n", TOP + plotH / 2, TOP + plotH / 2));
    double boundY = TOP + plotH - plotH * boundMs / maxMs;
    g.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#b00\" "
        + "stroke-dasharray=\"4 3\"/><text x=\"%d\" y=\"%.1f\" fill=\"#b00\">p99 bound %s ms</text>\n", LEFT, boundY,
        LEFT + plotW, boundY, LEFT + 5, boundY - 4, Format.number(boundMs)));
    for (int k = 0; k < steps.size(); k++) {
      Curve s = steps.get(k);
      String colour = COLOURS[k % COLOURS.length];
      Histogram h = s.latency();
      if (h.getTotalCount() > 0) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i <= 200; i++) {
          double nines = NINES * i / 200;
          double percentile = 100 * (1 - Math.pow(10, -nines));
          double ms = h.getValueAtPercentile(percentile) / 1000.0;
          points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + plotW * nines / NINES,
              TOP + plotH - plotH * ms / maxMs));
        }
        g.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(colour).append("\" points=\"")
            .append(points.toString().trim()).append("\"/>\n");
      }
      int ly = HEIGHT + 20 * k;
      g.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"%d\">%s</text>\n", LEFT, ly - 10, colour, LEFT + 18, ly, esc(s.label())));
    }
    return g.append("</svg>\n").toString();
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
