package io.pulsechat.loadgen.stats;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Judges a step: the user's thresholds, then the default checks every run gets (no failed
 * connection or join, no loss, duplicate or reordering, no error frame, p99 under
 * {@code --p99-bound-ms}). A threshold on a measure replaces that measure's default check, so
 * {@code errors.rate_limited<=20} allows up to 20 refusals while any other error still fails.
 */
public final class Judge {
  private Judge() {
  }

  public static Verdict judge(StepResult s, Accounting.Rules rules) {
    List<String> reasons = new ArrayList<>();
    List<Verdict.Check> checks = new ArrayList<>();
    Set<String> named = new HashSet<>();
    for (Threshold t : rules.thresholds()) {
      String key = t.shapeKey();
      if (key.isEmpty()) {
        // A threshold on the whole step replaces that measure's default check; one on a shape does not.
        named.add(t.metric());
      }
      double actual = key.isEmpty() ? Metric.value(t.metric(), s, rules)
          : s.shape(key).map(r -> Metric.value(t.metric(), r)).orElse(Double.NaN);
      boolean pass = t.holds(actual);
      checks.add(new Verdict.Check(t.expression(), "threshold", t.show(actual), pass));
      if (!pass) {
        reasons.add("threshold " + t.expression() + " failed: " + t.metric()
            + (key.isEmpty() ? "" : " of the rooms of shape " + key) + " was " + t.show(actual));
      }
    }
    defaults(s, rules, named, reasons, checks);
    if (rules.expectDeliveries() && s.received() == 0) {
      reasons.add("no deliveries in the measured window");
    }
    return Verdict.of(reasons, checks);
  }

  private static void defaults(StepResult s, Accounting.Rules rules, Set<String> named, List<String> reasons,
                               List<Verdict.Check> checks) {
    zero(named, "connect_failures", rules.connectFailures(), rules.connectFailures() + " connections failed",
        reasons, checks);
    zero(named, "join_failures", rules.joinFailures(), rules.joinFailures() + " joins failed", reasons, checks);
    if (!named.contains("loss.rate")) {
      zero(named, "loss", s.lost(), "lost " + s.lost() + " of " + s.expected() + " deliveries", reasons, checks);
    }
    zero(named, "duplicates", s.duplicates(), s.duplicates() + " duplicate deliveries", reasons, checks);
    zero(named, "out_of_order", s.outOfOrder(), s.outOfOrder() + " deliveries out of order", reasons, checks);
    List<String> mixed = s.rooms().stream().filter(r -> !r.orderConsistent()).map(RoomResult::room).toList();
    zero(named, "order_mismatches", mixed.size(), mixed.size() == 1
        ? "members of room " + mixed.get(0) + " saw its messages in different orders"
        : "members of rooms " + mixed + " saw their messages in different orders", reasons, checks);
    errors(s, named, reasons, checks);
    if (s.recovery().any()) {
      // Members dropped, left or closed by the server must all be back, with nothing missing.
      zero(named, "still_away", s.recovery().stillAway(), s.recovery().stillAway()
          + " members were not joined again when the step ended", reasons, checks);
      zero(named, "unrecovered", s.recovery().unrecovered(), s.recovery().unrecovered()
          + " messages missed while away were not recovered through history", reasons, checks);
    }
    if (s.added().any()) {
      zero(named, "add_failures", s.added().failures(), s.added().failures() + " of " + s.added().target()
          + " members added during the step had not joined when it ended", reasons, checks);
    }
    if (!named.contains("p99")) {
      Threshold bound = Threshold.parse("p99<" + rules.p99BoundMs() + "ms");
      double p99 = Metric.value("p99", s, rules);
      // No deliveries is judged apart, so an empty histogram does not fail the bound twice.
      boolean pass = Double.isNaN(p99) || bound.holds(p99);
      checks.add(new Verdict.Check(bound.expression(), "default", bound.show(p99), pass));
      if (!pass) {
        reasons.add(String.format(Locale.ROOT, "p99 %.1f ms is not under the bound of %.1f ms", p99,
            rules.p99BoundMs()));
      }
    }
  }

  /**
   * Every error frame fails the run unless a threshold names its code: refused sends (answered
   * with an error naming their clientMsgId) and errors of any other request alike.
   */
  private static void errors(StepResult s, Set<String> named, List<String> reasons, List<Verdict.Check> checks) {
    if (named.contains("errors") || named.contains("errors.rate")) {
      return;
    }
    Map<String, Long> counted = new TreeMap<>(s.errors());
    counted.keySet().removeIf(code -> named.contains("errors." + code));
    long total = counted.values().stream().mapToLong(Long::longValue).sum();
    List<String> allowed = s.errors().keySet().stream().filter(code -> named.contains("errors." + code)).toList();
    String expression = "errors==0" + (allowed.isEmpty() ? "" : " (besides " + String.join(", ", allowed) + ")");
    checks.add(new Verdict.Check(expression, "default", Long.toString(total), total == 0));
    if (total > 0) {
      StringBuilder why = new StringBuilder().append(total).append(" error frames from the server (");
      List<String> parts = new ArrayList<>();
      counted.forEach((code, n) -> parts.add(code + " x" + n));
      why.append(String.join(", ", parts)).append(')');
      if (s.refused() > 0) {
        why.append("; ").append(s.refused()).append(" of ").append(s.sent()).append(" sends refused");
      }
      String first = counted.keySet().iterator().next();
      why.append("; a threshold such as errors.").append(first).append("<=").append(counted.get(first))
          .append(" allows them");
      reasons.add(why.toString());
    }
  }

  private static void zero(Set<String> named, String metric, long actual, String why, List<String> reasons,
                           List<Verdict.Check> checks) {
    if (named.contains(metric)) {
      return;
    }
    checks.add(new Verdict.Check(metric + "==0", "default", Long.toString(actual), actual == 0));
    if (actual != 0) {
      reasons.add(why);
    }
  }
}
