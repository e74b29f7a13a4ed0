package io.pulsechat.gateway.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The accurate pool's CPU budget, on a clock the test moves. */
class CpuBudgetTest {
  private static final long MS = 1_000_000;
  private final AtomicLong now = new AtomicLong(5_000 * MS);

  private void busyFor(CpuBudget budget, long millis) {
    long start = budget.begin();
    now.addAndGet(millis * MS);
    budget.end(start);
  }

  @Test
  void admitsWorkUntilTheShareOfTheWindowIsSpentThenRefuses() {
    // Half a core over one second: 500 ms of encoding.
    CpuBudget budget = new CpuBudget(0.5, Duration.ofSeconds(1), now::get);
    assertThat(budget.admits()).isTrue();
    busyFor(budget, 300);
    assertThat(budget.admits()).isTrue();
    assertThat(budget.used()).isEqualTo(300 * MS);
    busyFor(budget, 200);
    assertThat(budget.used()).isEqualTo(500 * MS);
    assertThat(budget.admits()).as("500 ms of 500 spent").isFalse();
  }

  @Test
  void busyTimeThatSlidesOutOfTheWindowIsGivenBack() {
    CpuBudget budget = new CpuBudget(0.5, Duration.ofSeconds(1), now::get);
    busyFor(budget, 600);
    assertThat(budget.admits()).isFalse();
    now.addAndGet(300 * MS);
    assertThat(budget.admits()).as("the busy 600 ms are all inside the window").isFalse();
    now.addAndGet(300 * MS);
    assertThat(budget.used()).as("300 ms of them slid out").isEqualTo(300 * MS);
    assertThat(budget.admits()).isTrue();
    now.addAndGet(400 * MS);
    assertThat(budget.used()).isZero();
    assertThat(budget.admits()).isTrue();
  }

  @Test
  void aBatchStillBeingEncodedCountsBeforeItEnds() {
    CpuBudget budget = new CpuBudget(0.25, Duration.ofSeconds(1), now::get);
    long start = budget.begin();
    now.addAndGet(100 * MS);
    assertThat(budget.used()).isEqualTo(100 * MS);
    assertThat(budget.admits()).isTrue();
    now.addAndGet(200 * MS);
    assertThat(budget.admits()).as("300 ms running against 250").isFalse();
    budget.end(start);
    assertThat(budget.used()).isEqualTo(300 * MS);
  }

  @Test
  void aBatchLongerThanTheWindowCountsOnlyItsPartInTheWindow() {
    CpuBudget budget = new CpuBudget(1, Duration.ofSeconds(1), now::get);
    busyFor(budget, 5_000);
    // The window is its last ten tenths, the current one only begun.
    assertThat(budget.used()).isBetween(900 * MS, 1_000 * MS);
    now.addAndGet(1_000 * MS);
    assertThat(budget.used()).isZero();
  }

  @Test
  void severalWorkersShareOneBudgetOfMoreThanOneCore() {
    // 1.5 cores over 100 ms: 150 ms of busy time, from any number of workers.
    CpuBudget budget = new CpuBudget(1.5, Duration.ofMillis(100), now::get);
    long a = budget.begin();
    long b = budget.begin();
    now.addAndGet(60 * MS);
    assertThat(budget.used()).isEqualTo(120 * MS);
    assertThat(budget.admits()).isTrue();
    budget.end(a);
    now.addAndGet(30 * MS);
    budget.end(b);
    assertThat(budget.used()).isEqualTo(150 * MS);
    assertThat(budget.admits()).isFalse();
    assertThat(budget.budget()).isEqualTo(150 * MS);
  }
}
