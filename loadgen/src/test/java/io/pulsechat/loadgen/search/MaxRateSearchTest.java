package io.pulsechat.loadgen.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.loadgen.stats.Step;
import io.pulsechat.loadgen.stats.StepResult;
import io.pulsechat.loadgen.stats.Verdict;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class MaxRateSearchTest {

  /** A server that stays clean up to {@code limit} messages a second per sender. */
  private static StepRunner serverCleanUpTo(double limit) {
    int[] index = {0};
    return rate -> result(++index[0], rate, rate <= limit);
  }

  static StepResult result(int index, double rate, boolean pass) {
    return new StepResult(new Step(index, rate, 0, 0, 1_000_000), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        new Histogram(3), new Histogram(3), Map.of(), List.of(), null, null,
        Verdict.of(pass ? List.of() : List.of("lost")));
  }

  private static List<Double> rates(MaxRateSearch.Outcome o) {
    return o.steps().stream().map(s -> s.step().ratePerSender()).toList();
  }

  @Test
  void doublesThenBisectsBetweenLastPassAndFirstFailure() {
    MaxRateSearch.Outcome o = new MaxRateSearch(serverCleanUpTo(300), 50, 20).run();

    assertThat(rates(o)).startsWith(50.0, 100.0, 200.0, 400.0, 300.0, 350.0);
    assertThat(o.maxRate()).contains(300.0);
    assertThat(rates(o).size()).isLessThan(20);
  }

  @Test
  void stopsAfterTheStepBudgetWithTheBestSoFar() {
    MaxRateSearch.Outcome o = new MaxRateSearch(serverCleanUpTo(1000), 50, 3).run();
    assertThat(rates(o)).containsExactly(50.0, 100.0, 200.0);
    assertThat(o.maxRate()).contains(200.0);
  }

  @Test
  void halvesDownWhenTheStartAlreadyFails() {
    MaxRateSearch.Outcome o = new MaxRateSearch(serverCleanUpTo(30), 100, 10).run();
    assertThat(rates(o)).startsWith(100.0, 50.0, 25.0);
    assertThat(o.maxRate().orElseThrow()).isBetween(25.0, 30.0);
  }

  @Test
  void reportsNothingWhenNoRatePasses() {
    MaxRateSearch.Outcome o = new MaxRateSearch(serverCleanUpTo(0), 10, 4).run();
    assertThat(o.maxRate()).isEmpty();
    assertThat(o.steps()).hasSize(4);
  }
}
