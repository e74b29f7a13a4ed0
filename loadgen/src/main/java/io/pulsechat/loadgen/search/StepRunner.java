package io.pulsechat.loadgen.search;

import io.pulsechat.loadgen.stats.StepResult;

/** Runs one measured step at a per-sender rate over connections that stay open between steps. */
@FunctionalInterface
public interface StepRunner {
  StepResult run(double ratePerSender);

  /** A step whose measured window lasts {@code seconds} instead of the scenario's duration (a stage). */
  default StepResult run(double ratePerSender, double seconds) {
    throw new UnsupportedOperationException("stages of their own length");
  }
}
