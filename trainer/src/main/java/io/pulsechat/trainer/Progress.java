package io.pulsechat.trainer;

import java.util.function.IntConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on standard error for long steps, or nothing with --quiet. */
final class Progress implements AutoCloseable, IntConsumer {
  private final ProgressBar bar;

  Progress(String task, long total, boolean quiet) {
    this.bar = quiet ? null : new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build();
  }

  @Override
  public void accept(int steps) {
    if (bar != null) {
      bar.stepBy(steps);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
