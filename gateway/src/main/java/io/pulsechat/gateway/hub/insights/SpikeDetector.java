package io.pulsechat.gateway.hub.insights;

import io.pulsechat.gateway.protocol.Mood;

/**
 * Turns a room's sliding-window mood into at most one alert per negative spike. It fires when
 * the score is below the threshold over at least {@code minMessages} messages, then stays quiet
 * until the score has recovered to {@code threshold + }{@value #HYSTERESIS}: without that margin a
 * mood hovering around the threshold would alert on every small wiggle. Not thread-safe: one per
 * room, on the owner's thread.
 */
public final class SpikeDetector {
  /** How far above the threshold the mood must climb before another spike can alert. */
  public static final double HYSTERESIS = 0.1;

  private final double threshold;
  private final int minMessages;
  private boolean armed = true;

  public SpikeDetector(double threshold, int minMessages) {
    this.threshold = threshold;
    this.minMessages = minMessages;
  }

  /** Returns the alert to raise for this observation, or null. */
  public SentimentAlert observe(String room, Mood mood, long now) {
    if (armed) {
      if (mood.messages() >= minMessages && mood.score() < threshold) {
        armed = false;
        return new SentimentAlert(room, mood, threshold, now);
      }
    } else if (mood.score() >= threshold + HYSTERESIS) {
      armed = true;
    }
    return null;
  }

  public boolean armed() {
    return armed;
  }
}
