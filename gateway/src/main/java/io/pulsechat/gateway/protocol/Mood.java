package io.pulsechat.gateway.protocol;

/**
 * A room's mood over a sliding window: the mean sentiment score and the count of each class.
 *
 * @param window the window's length as an ISO-8601 duration, e.g. {@code PT5M}
 */
public record Mood(double score, int positive, int neutral, int negative, String window) {
  public int messages() {
    return positive + neutral + negative;
  }
}
