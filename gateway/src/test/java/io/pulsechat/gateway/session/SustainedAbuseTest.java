package io.pulsechat.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SustainedAbuseTest {
  private static final long MS = 1_000_000L;

  @Test
  void oneBurstIsNotAbuseHoweverLarge() {
    SustainedAbuse abuse = new SustainedAbuse(Duration.ofSeconds(5));
    for (int i = 0; i < 10_000; i++) {
      assertThat(abuse.refused(i * 100L)).isFalse();
    }
  }

  @Test
  void refusalsWithoutPauseForFiveSecondsAreAbuse() {
    SustainedAbuse abuse = new SustainedAbuse(Duration.ofSeconds(5));
    long t = 0;
    for (; t < 5_000 * MS; t += 50 * MS) {
      assertThat(abuse.refused(t)).as("at %d ms", t / MS).isFalse();
    }
    assertThat(abuse.refused(t)).isTrue();
  }

  @Test
  void aPauseOfMoreThanASecondStartsAgain() {
    SustainedAbuse abuse = new SustainedAbuse(Duration.ofSeconds(5));
    for (long t = 0; t < 4_000 * MS; t += 100 * MS) {
      abuse.refused(t);
    }
    long resumed = 4_000 * MS + SustainedAbuse.PAUSE_NANOS + MS;
    for (long t = resumed; t < resumed + 4_900 * MS; t += 100 * MS) {
      assertThat(abuse.refused(t)).isFalse();
    }
    assertThat(abuse.refused(resumed + 5_000 * MS)).isTrue();
  }
}
