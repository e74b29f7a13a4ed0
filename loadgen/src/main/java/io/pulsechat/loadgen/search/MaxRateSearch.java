package io.pulsechat.loadgen.search;

import io.pulsechat.loadgen.stats.StepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the highest per-sender rate that passes: doubles from the start rate until a step
 * fails, then bisects between the last pass and the first failure. Stops after
 * {@code maxSteps} steps, or once the two are within {@value #PRECISION_PERCENT} % of each
 * other. When the start rate already fails it halves down instead.
 */
public final class MaxRateSearch {
  static final double PRECISION_PERCENT = 5;
  /** Below this a rate is not worth measuring: a sender would send once in 10 seconds. */
  static final double LOWEST_RATE = 0.1;

  private final StepRunner runner;
  private final double start;
  private final int maxSteps;

  public MaxRateSearch(StepRunner runner, double start, int maxSteps) {
    this.runner = runner;
    this.start = start;
    this.maxSteps = maxSteps;
  }

  /** Every step in the order run, and the highest passing rate if any passed. */
  public record Outcome(List<StepResult> steps, Optional<Double> maxRate) {
  }

  public Outcome run() {
    List<StepResult> steps = new ArrayList<>();
    double highestPass = 0;
    double lowestFail = Double.POSITIVE_INFINITY;
    double rate = start;
    while (steps.size() < maxSteps) {
      StepResult result = runner.run(rate);
      steps.add(result);
      if (result.verdict().pass()) {
        highestPass = Math.max(highestPass, rate);
      } else {
        lowestFail = Math.min(lowestFail, rate);
      }
      double next;
      if (lowestFail == Double.POSITIVE_INFINITY) {
        next = rate * 2;
      } else if (highestPass == 0) {
        next = rate / 2;
      } else {
        if (lowestFail - highestPass <= highestPass * PRECISION_PERCENT / 100) {
          break;
        }
        next = (highestPass + lowestFail) / 2;
      }
      next = round(next);
      if (next < LOWEST_RATE || next == rate) {
        break;
      }
      rate = next;
    }
    return new MaxRateSearch.Outcome(steps, highestPass > 0 ? Optional.of(highestPass) : Optional.empty());
  }

  /** Three significant digits, so step rates read well: 312.5 becomes 313, 1234.5 becomes 1230. */
  static double round(double rate) {
    if (rate <= 0) {
      return rate;
    }
    double scale = Math.pow(10, 2 - Math.floor(Math.log10(rate)));
    return Math.round(rate * scale) / scale;
  }
}
