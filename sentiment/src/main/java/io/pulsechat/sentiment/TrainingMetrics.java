package io.pulsechat.sentiment;

/**
 * How a model was trained and how it scored; stored in the model header.
 *
 * @param dataset what it was trained on, e.g. "tweeteval-sentiment/train"
 * @param examples the number of training examples
 * @param seed the seed that makes training reproducible
 * @param evaluatedOn the split the figures below come from, e.g. "tweeteval-sentiment/val"
 * @param macroRecall recall averaged over the three classes (TweetEval's official metric)
 * @param accuracy the share of messages labelled correctly
 * @param macroF1 F1 averaged over the three classes
 */
public record TrainingMetrics(String dataset, int examples, long seed, String evaluatedOn,
                              double macroRecall, double accuracy, double macroF1) {
  public static TrainingMetrics none() {
    return new TrainingMetrics("", 0, 0L, "", Double.NaN, Double.NaN, Double.NaN);
  }
}
