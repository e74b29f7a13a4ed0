package io.pulsechat.loadgen.report;

import io.pulsechat.loadgen.series.Interval;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The run over time as inline SVG line charts, one per kind of measure, all on one time axis
 * (seconds since the first interval): deliveries, sends/acks/errors, latency percentiles of each
 * second, connections, and the server's and the generator's CPU and memory when sampled.
 */
final class TimeCharts {
  private static final int WIDTH = 760;
  private static final int HEIGHT = 200;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 25;
  private static final int BOTTOM = 30;

  private static final String[] SHAPE_COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
      "#8c564b"};

  private record Line(String name, String colour, ToDoubleFunction<Interval> value) {
  }

  private TimeCharts() {
  }

  static String render(List<Interval> series) {
    if (series.size() < 2) {
      return "";
    }
    StringBuilder h = new StringBuilder("<h2>Over time</h2>\n<p>One point a second. Latency percentiles are those of"
        + " the deliveries measured in each second (warm-up deliveries are counted, not timed).</p>\n");
    h.append(chart(series, "Deliveries a second", List.of(
        new Line("deliveries/s", "#1f77b4", i -> i.perSecond(i.deliveries())))));
    h.append(chart(series, "Sends, acks and error frames a second", List.of(
        new Line("sends/s", "#2ca02c", i -> i.perSecond(i.sent())),
        new Line("acks/s", "#9467bd", i -> i.perSecond(i.acks())),
        new Line("errors/s", "#d62728", i -> i.perSecond(i.errors())))));
    h.append(chart(series, "Delivery latency by second (ms)", List.of(
        new Line("p50", "#1f77b4", i -> percentile(i, 50)),
        new Line("p99", "#ff7f0e", i -> percentile(i, 99)),
        new Line("max", "#d62728", i -> percentile(i, 100)))));
    List<String> shapes = series.stream().flatMap(i -> i.shapes().keySet().stream()).distinct().sorted().toList();
    if (shapes.size() > 1) {
      List<Line> p99 = new ArrayList<>();
      List<Line> deliveries = new ArrayList<>();
      for (int k = 0; k < shapes.size(); k++) {
        String shape = shapes.get(k);
        String colour = SHAPE_COLOURS[k % SHAPE_COLOURS.length];
        p99.add(new Line(shape, colour, i -> {
          Interval.Shape s = i.shapes().get(shape);
          return s == null || s.latency().getTotalCount() == 0 ? Double.NaN
              : s.latency().getValueAtPercentile(99) / 1000.0;
        }));
        deliveries.add(new Line(shape, colour, i -> {
          Interval.Shape s = i.shapes().get(shape);
          return s == null ? Double.NaN : i.perSecond(s.deliveries());
        }));
      }
      h.append(chart(series, "Delivery latency p99 by second and room shape (ms)", p99));
      h.append(chart(series, "Deliveries a second by room shape", deliveries));
    }
    h.append(chart(series, "Connections joined", List.of(
        new Line("joined", "#17becf", i -> i.connections()))));
    if (series.stream().anyMatch(i -> !Double.isNaN(i.serverCpuPercent()))) {
      h.append(chart(series, "CPU (% of one core)", List.of(
          new Line("server", "#8c564b", Interval::serverCpuPercent),
          new Line("loadgen", "#7f7f7f", Interval::loadgenCpuPercent))));
      h.append(chart(series, "Resident memory (MiB)", List.of(
          new Line("server", "#8c564b", i -> i.serverRssKiB() < 0 ? Double.NaN : i.serverRssKiB() / 1024.0),
          new Line("loadgen", "#7f7f7f", i -> i.loadgenRssKiB() < 0 ? Double.NaN : i.loadgenRssKiB() / 1024.0))));
    }
    return h.toString();
  }

  private static double percentile(Interval i, double p) {
    if (i.latency().getTotalCount() == 0) {
      return Double.NaN;
    }
    return (p >= 100 ? i.latency().getMaxValue() : i.latency().getValueAtPercentile(p)) / 1000.0;
  }

  static String chart(List<Interval> series, String title, List<Line> lines) {
    long t0 = series.get(0).epochMillis();
    double tMax = Math.max(1, (series.get(series.size() - 1).epochMillis() - t0) / 1000.0);
    double yMax = 0;
    for (Line l : lines) {
      for (Interval i : series) {
        double v = l.value().applyAsDouble(i);
        if (Double.isFinite(v)) {
          yMax = Math.max(yMax, v);
        }
      }
    }
    yMax = yMax <= 0 ? 1 : yMax * 1.05;
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    StringBuilder g = new StringBuilder();
    g.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" font-size=\"11\">\n<text x=\"%d\" y=\"15\" font-weight=\"bold\">%s</text>\n",
        WIDTH, HEIGHT, WIDTH, HEIGHT, LEFT, HtmlReport.esc(title)));
    g.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
        + "stroke=\"#999\"/>\n", LEFT, TOP, plotW, plotH));
    for (int k = 0; k <= 4; k++) {
      double y = TOP + plotH - plotH * k / 4.0;
      g.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", LEFT, y, LEFT + plotW, y, LEFT - 5, y + 4,
          Format.number(Math.round(yMax * k / 4 * 10) / 10.0)));
      double x = LEFT + plotW * k / 4.0;
      g.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s s</text>\n", x,
          TOP + plotH + 15, Format.number(Math.round(tMax * k / 4 * 10) / 10.0)));
    }
    int legendX = LEFT + 250;
    for (Line l : lines) {
      List<String> points = new ArrayList<>();
      for (Interval i : series) {
        double v = l.value().applyAsDouble(i);
        if (Double.isFinite(v)) {
          points.add(String.format(Locale.ROOT, "%.1f,%.1f", LEFT + plotW * (i.epochMillis() - t0) / 1000.0 / tMax,
              TOP + plotH - plotH * v / yMax));
        }
      }
      if (!points.isEmpty()) {
        g.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(l.colour()).append("\" points=\"")
            .append(String.join(" ", points)).append("\"/>\n");
      }
      g.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"6\" width=\"10\" height=\"10\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"15\">%s</text>\n", legendX, l.colour(), legendX + 14, HtmlReport.esc(l.name())));
      legendX += 90;
    }
    return g.append("</svg>\n").toString();
  }
}
