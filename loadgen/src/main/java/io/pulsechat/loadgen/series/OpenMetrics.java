package io.pulsechat.loadgen.series;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The series as OpenMetrics text: gauges with one timestamped sample a second, which
 * {@code promtool tsdb create-blocks-from openmetrics} loads into Prometheus; without
 * timestamps, the latest interval as the Prometheus text a Pushgateway accepts.
 */
public final class OpenMetrics {
  private record Family(String name, String help, String labels, ToDoubleFunction<Interval> value) {
  }

  private static final double[] PERCENTILES = {50, 90, 99, 99.9};

  private OpenMetrics() {
  }

  private static List<Family> families(List<String> shapes) {
    List<Family> f = new ArrayList<>();
    f.add(new Family("loadgen_sends_per_second", "Messages sent a second.", "", i -> i.perSecond(i.sent())));
    f.add(new Family("loadgen_deliveries_per_second", "Messages received a second, over all members.", "",
        i -> i.perSecond(i.deliveries())));
    f.add(new Family("loadgen_acks_per_second", "Acks received a second.", "", i -> i.perSecond(i.acks())));
    f.add(new Family("loadgen_errors_per_second", "Error frames received a second, refused sends included.", "",
        i -> i.perSecond(i.errors())));
    f.add(new Family("loadgen_connections", "Connections joined to their room.", "", i -> i.connections()));
    for (double p : PERCENTILES) {
      String label = "percentile=\"" + (p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p)) + "\"";
      f.add(new Family("loadgen_delivery_latency_seconds", "End-to-end latency of the second's measured deliveries.",
          label, i -> i.latency().getTotalCount() == 0 ? Double.NaN : i.latency().getValueAtPercentile(p) / 1e6));
    }
    f.add(new Family("loadgen_delivery_latency_seconds", null, "percentile=\"100\"",
        i -> i.latency().getTotalCount() == 0 ? Double.NaN : i.latency().getMaxValue() / 1e6));
    boolean first = true;
    for (String shape : shapes) {
      for (double p : PERCENTILES) {
        String label = "shape=\"" + shape + "\",percentile=\"" + (p == Math.rint(p) ? Long.toString((long) p)
            : Double.toString(p)) + "\"";
        f.add(new Family("loadgen_shape_delivery_latency_seconds", first ? "End-to-end latency of the second's"
            + " measured deliveries in the rooms of one shape (MEMBERS+SENDERS)." : null, label, i -> {
              Interval.Shape s = i.shapes().get(shape);
              return s == null || s.latency().getTotalCount() == 0 ? Double.NaN
                  : s.latency().getValueAtPercentile(p) / 1e6;
            }));
        first = false;
      }
    }
    first = true;
    for (String shape : shapes) {
      f.add(new Family("loadgen_shape_deliveries_per_second", first ? "Messages received a second by the members"
          + " of the rooms of one shape." : null, "shape=\"" + shape + "\"", i -> {
            Interval.Shape s = i.shapes().get(shape);
            return s == null ? Double.NaN : i.perSecond(s.deliveries());
          }));
      first = false;
    }
    f.add(new Family("loadgen_server_cpu_percent", "CPU of --server-pid, 100 per busy core.", "",
        Interval::serverCpuPercent));
    f.add(new Family("loadgen_server_rss_bytes", "Resident memory of --server-pid.", "",
        i -> i.serverRssKiB() < 0 ? Double.NaN : i.serverRssKiB() * 1024.0));
    return f;
  }

  /** Every interval as timestamped samples, grouped by family as the format requires, ending in # EOF. */
  public static String series(List<Interval> intervals, String runId) {
    StringBuilder out = new StringBuilder();
    String previous = "";
    for (Family f : families(shapes(intervals))) {
      if (!f.name().equals(previous)) {
        out.append("# TYPE ").append(f.name()).append(" gauge\n# HELP ").append(f.name()).append(' ')
            .append(f.help()).append('\n');
        previous = f.name();
      }
      for (Interval i : intervals) {
        double v = f.value().applyAsDouble(i);
        if (!Double.isNaN(v)) {
          sample(out, f, runId, i, v);
          out.append(String.format(Locale.ROOT, " %.3f", i.epochMillis() / 1000.0)).append('\n');
        }
      }
    }
    return out.append("# EOF\n").toString();
  }

  /** One interval in the Prometheus text format (0.0.4), as a Pushgateway takes it. */
  public static String latest(Interval i, String runId) {
    StringBuilder out = new StringBuilder();
    String previous = "";
    for (Family f : families(shapes(List.of(i)))) {
      if (!f.name().equals(previous)) {
        out.append("# TYPE ").append(f.name()).append(" gauge\n");
        previous = f.name();
      }
      double v = f.value().applyAsDouble(i);
      if (!Double.isNaN(v)) {
        sample(out, f, runId, i, v);
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static List<String> shapes(List<Interval> intervals) {
    return intervals.stream().flatMap(i -> i.shapes().keySet().stream()).distinct().sorted().toList();
  }

  private static void sample(StringBuilder out, Family f, String runId, Interval i, double v) {
    out.append(f.name()).append("{run_id=\"").append(runId).append("\",step=\"").append(i.step()).append('"');
    if (!f.labels().isEmpty()) {
      out.append(',').append(f.labels());
    }
    out.append("} ").append(String.format(Locale.ROOT, "%.6g", v));
  }
}
