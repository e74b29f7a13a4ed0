package io.pulsechat.loadgen.report;

import io.pulsechat.loadgen.pool.ClientPool;
import io.pulsechat.loadgen.scenario.Scenario;
import io.pulsechat.loadgen.series.Interval;
import io.pulsechat.loadgen.stats.StepResult;
import io.pulsechat.loadgen.stats.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything a run produced, the input of every report.
 *
 * @param connections how the pool stood once connecting was over
 * @param steps       one step for a plain run, every step of a max-rate search
 * @param maxRate     the highest per-sender rate that passed, in max-rate mode
 * @param series      the run second by second, connecting included
 */
public record RunReport(Scenario scenario, Instant started, ClientPool.Connections connections, List<StepResult> steps,
                        Optional<Double> maxRate, Verdict verdict, List<Interval> series) {

  /** The step the summary shows: the best passing one in max-rate mode, otherwise the last. */
  public Optional<StepResult> headline() {
    if (maxRate.isPresent()) {
      return steps.stream().filter(s -> s.step().ratePerSender() == maxRate.get() && s.verdict().pass()).findFirst();
    }
    return steps.isEmpty() ? Optional.empty() : Optional.of(steps.get(steps.size() - 1));
  }
}
