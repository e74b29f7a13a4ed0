package io.pulsechat.sentiment;

/**
 * The sentiment of one message.
 *
 * @param label the most likely class
 * @param score from -1 (clearly negative) through 0 (neutral) to 1 (clearly positive)
 * @param model the version of the model that produced it
 */
public record Sentiment(Label label, double score, String model) {
  public Sentiment {
    if (label == null || model == null) {
      throw new IllegalArgumentException("label and model are required");
    }
    if (!(score >= -1.0 && score <= 1.0)) {
      throw new IllegalArgumentException("score must lie in -1..1, was " + score);
    }
  }
}
