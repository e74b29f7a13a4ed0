package io.pulsechat.loadgen.stats;

import java.util.List;
import java.util.Map;

/** The measures of a step that a {@link Threshold} can name, and their values. */
public final class Metric {
  /** How a measure's value reads: milliseconds, a fraction, or a number. */
  public enum Kind { LATENCY, RATE, COUNT }

  private static final Map<String, Double> PERCENTILES = Map.of("p50", 50.0, "p90", 90.0, "p95", 95.0, "p99", 99.0,
      "p999", 99.9, "max", 100.0);
  private static final List<String> COUNTS = List.of("loss", "duplicates", "out_of_order", "order_mismatches",
      "errors", "refused", "send_failures", "connect_failures", "join_failures", "disconnects", "sent", "received",
      "deliveries_per_second", "dropped", "rejoined", "still_away", "reconnect_failures", "recovered", "unrecovered",
      "added", "add_failures", "add_rate");
  private static final List<String> RATES = List.of("loss.rate", "refused.rate", "errors.rate");
  /** The measures a {@code shape[...]} threshold can name: those of deliveries, which a room shape has apart. */
  public static final List<String> BY_SHAPE = List.of("p50", "p90", "p95", "p99", "p999", "max", "mean", "loss",
      "loss.rate", "received", "deliveries_per_second");
  public static final String NAMES = "p50 p90 p95 p99 p999 max mean (delivery latency), ack.p50 ... ack.mean, "
      + "rejoin.p50 ... rejoin.mean (drop to joined again), connect.p50 ... connect.mean (first attempt to joined),"
      + " connect_rate (first joins a second), add.p50 ... add.mean (first attempt to joined of --add-members),"
      + " all_back (first drop to the last member joined again), "
      + String.join(" ", COUNTS) + ", errors.<code>, " + String.join(" ", RATES);

  private Metric() {
  }

  /** The kind of {@code name}, or null when no such measure exists. */
  public static Kind kind(String name) {
    String latency = name.replaceFirst("^(ack|rejoin|connect|add)\\.", "");
    if (PERCENTILES.containsKey(latency) || latency.equals("mean") || name.equals("all_back")) {
      return Kind.LATENCY;
    }
    if (RATES.contains(name)) {
      return Kind.RATE;
    }
    if (COUNTS.contains(name) || name.equals("connect_rate") || name.matches("errors\\.[A-Za-z0-9_]+")) {
      return Kind.COUNT;
    }
    return null;
  }

  /**
   * The value of {@code name} in {@code s}: NaN when there is nothing to measure (a percentile
   * of no deliveries, a rate of nothing sent).
   */
  public static double value(String name, StepResult s, Accounting.Rules rules) {
    if (name.equals("all_back")) {
      return s.recovery().allBackSeconds() * 1000.0;
    }
    if (kind(name) == Kind.LATENCY) {
      boolean ack = name.startsWith("ack.");
      boolean rejoin = name.startsWith("rejoin.");
      org.HdrHistogram.Histogram h = ack ? s.ackLatency() : rejoin ? s.recovery().rejoinLatency()
          : name.startsWith("connect.") ? rules.connect().latency()
          : name.startsWith("add.") ? s.added().phase().latency() : s.latency();
      String which = name.replaceFirst("^(ack|rejoin|connect|add)\\.", "");
      if (h.getTotalCount() == 0) {
        return Double.NaN;
      }
      return which.equals("mean") ? h.getMean() / 1000.0 : h.getValueAtPercentile(PERCENTILES.get(which)) / 1000.0;
    }
    if (name.startsWith("errors.") && !name.equals("errors.rate")) {
      return s.errors().getOrDefault(name.substring(7), 0L);
    }
    return switch (name) {
      case "loss" -> s.lost();
      case "dropped" -> s.recovery().dropped();
      case "rejoined" -> s.recovery().rejoined();
      case "still_away" -> s.recovery().stillAway();
      case "reconnect_failures" -> s.recovery().reconnectFailures();
      case "recovered" -> s.recovery().recovered();
      case "unrecovered" -> s.recovery().unrecovered();
      case "duplicates" -> s.duplicates();
      case "out_of_order" -> s.outOfOrder();
      case "order_mismatches" -> s.rooms().stream().filter(r -> !r.orderConsistent()).count();
      case "errors" -> s.errorFrames();
      case "refused" -> s.refused();
      case "send_failures" -> s.sendFailures();
      case "connect_failures" -> rules.connectFailures();
      case "join_failures" -> rules.joinFailures();
      case "connect_rate" -> rules.connect().joinsPerSecond();
      case "added" -> s.added().joined();
      case "add_failures" -> s.added().failures();
      case "add_rate" -> s.added().phase().joinsPerSecond();
      case "disconnects" -> s.disconnects();
      case "sent" -> s.sent();
      case "received" -> s.received();
      case "deliveries_per_second" -> s.deliveriesPerSecond();
      case "loss.rate" -> ratio(s.lost(), s.expected());
      case "refused.rate" -> ratio(s.refused(), s.sent());
      case "errors.rate" -> ratio(s.errorFrames(), s.sent());
      default -> throw new IllegalArgumentException("unknown measure " + name);
    };
  }

  /** The value of {@code name}, one of {@link #BY_SHAPE}, over the rooms of one shape. */
  public static double value(String name, ShapeResult r) {
    org.HdrHistogram.Histogram h = r.latency();
    return switch (name) {
      case "loss" -> r.lost();
      case "loss.rate" -> ratio(r.lost(), r.expected());
      case "received" -> r.received();
      case "deliveries_per_second" -> r.deliveriesPerSecond();
      case "mean" -> h.getTotalCount() == 0 ? Double.NaN : h.getMean() / 1000.0;
      default -> h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(PERCENTILES.get(name)) / 1000.0;
    };
  }

  private static double ratio(long part, long whole) {
    return whole == 0 ? Double.NaN : (double) part / whole;
  }
}
