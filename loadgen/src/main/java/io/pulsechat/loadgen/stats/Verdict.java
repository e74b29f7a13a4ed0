package io.pulsechat.loadgen.stats;

import java.util.List;

/**
 * Pass or fail, with every reason for a failure and every check that was made.
 *
 * @param checks the thresholds and default checks judged, passed or not; empty when the run
 *               ended before anything could be measured
 */
public record Verdict(boolean pass, List<String> reasons, List<Check> checks) {

  /**
   * One judged criterion.
   *
   * @param source "threshold" for one the user gave, "default" for the checks every run gets
   * @param actual the measure as the report shows it
   */
  public record Check(String expression, String source, String actual, boolean pass) {
  }

  public Verdict {
    reasons = List.copyOf(reasons);
    checks = List.copyOf(checks);
  }

  public static Verdict of(List<String> reasons) {
    return new Verdict(reasons.isEmpty(), reasons, List.of());
  }

  public static Verdict of(List<String> reasons, List<Check> checks) {
    return new Verdict(reasons.isEmpty(), reasons, checks);
  }

  public String describe() {
    return pass ? "PASS" : "FAIL: " + String.join("; ", reasons);
  }
}
