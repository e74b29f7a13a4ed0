package io.pulsechat.gateway.hub.insights;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.protocol.Mood;
import org.junit.jupiter.api.Test;

class SpikeDetectorTest {
  private final SpikeDetector detector = new SpikeDetector(-0.4, 10);

  @Test
  void aLowMoodOverEnoughMessagesAlertsOnce() {
    SentimentAlert first = detector.observe("r", mood(-0.6, 12), 1_000);
    assertThat(first).isNotNull();
    assertThat(first.room()).isEqualTo("r");
    assertThat(first.threshold()).isEqualTo(-0.4);
    assertThat(first.at()).isEqualTo(1_000);
    // the spike goes on, and gets worse: still one alert
    for (int i = 0; i < 20; i++) {
      assertThat(detector.observe("r", mood(-0.8, 13 + i), 2_000 + i)).isNull();
    }
  }

  @Test
  void tooFewMessagesNeverAlert() {
    assertThat(detector.observe("r", mood(-1.0, 9), 0)).isNull();
    assertThat(detector.armed()).isTrue();
  }

  @Test
  void theThresholdItselfIsNotASpike() {
    assertThat(detector.observe("r", mood(-0.4, 50), 0)).isNull();
  }

  @Test
  void recoveringJustAboveTheThresholdDoesNotReArm() {
    assertThat(detector.observe("r", mood(-0.5, 10), 0)).isNotNull();
    // hovering around the threshold: inside the hysteresis band
    assertThat(detector.observe("r", mood(-0.35, 10), 1)).isNull();
    assertThat(detector.observe("r", mood(-0.45, 10), 2)).isNull();
    assertThat(detector.armed()).isFalse();
  }

  @Test
  void aSecondSpikeAfterRecoveryAlertsAgain() {
    assertThat(detector.observe("r", mood(-0.5, 10), 0)).isNotNull();
    assertThat(detector.observe("r", mood(-0.3 + 1e-9, 10), 1)).isNull();
    assertThat(detector.armed()).isTrue();
    assertThat(detector.observe("r", mood(-0.7, 15), 2)).isNotNull();
  }

  @Test
  void anEmptiedWindowCountsAsRecovered() {
    assertThat(detector.observe("r", mood(-0.9, 10), 0)).isNotNull();
    assertThat(detector.observe("r", mood(0.0, 0), 1)).isNull();
    assertThat(detector.armed()).isTrue();
  }

  private static Mood mood(double score, int negative) {
    return new Mood(score, 0, 0, negative, "PT5M");
  }
}
