package io.pulsechat.loadgen.search;

import io.pulsechat.loadgen.stats.StepResult;

/** Runs one measured step at a per-sender rate over connections that stay open between steps. */
@FunctionalInterface
public interface StepRunner {
  StepResult run(double ratePerSender);
}
