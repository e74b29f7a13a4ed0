package io.pulsechat.loadgen.stats;

import java.util.List;

/** Pass or fail, with every reason for a failure. */
public record Verdict(boolean pass, List<String> reasons) {

  public static Verdict of(List<String> reasons) {
    return new Verdict(reasons.isEmpty(), List.copyOf(reasons));
  }

  public String describe() {
    return pass ? "PASS" : "FAIL: " + String.join("; ", reasons);
  }
}
