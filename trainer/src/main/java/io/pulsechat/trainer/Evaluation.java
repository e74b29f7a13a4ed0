package io.pulsechat.trainer;

import io.pulsechat.sentiment.Label;
import io.pulsechat.sentiment.Sentiment;
import io.pulsechat.sentiment.SentimentScorer;
import java.util.List;

/**
 * Scores of a model on labelled messages.
 *
 * @param confusion {@code confusion[true][predicted]}, in {@link Label} order
 */
public record Evaluation(int[][] confusion) {
  public static Evaluation of(SentimentScorer scorer, List<Example> examples) {
    return of(examples, Predictions.score(scorer, examples.stream().map(Example::text).toList()));
  }

  /** The confusion of {@code scored}, the predictions of {@code examples} in order. */
  public static Evaluation of(List<Example> examples, List<Sentiment> scored) {
    int[][] confusion = new int[3][3];
    for (int i = 0; i < examples.size(); i++) {
      confusion[examples.get(i).label().ordinal()][scored.get(i).label().ordinal()]++;
    }
    return new Evaluation(confusion);
  }

  public int total() {
    int n = 0;
    for (int[] row : confusion) {
      for (int c : row) {
        n += c;
      }
    }
    return n;
  }

  public double recall(Label label) {
    int k = label.ordinal();
    int support = confusion[k][0] + confusion[k][1] + confusion[k][2];
    return support == 0 ? 0 : confusion[k][k] / (double) support;
  }

  public double precision(Label label) {
    int k = label.ordinal();
    int predicted = confusion[0][k] + confusion[1][k] + confusion[2][k];
    return predicted == 0 ? 0 : confusion[k][k] / (double) predicted;
  }

  public double f1(Label label) {
    double p = precision(label);
    double r = recall(label);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  public double macroRecall() {
    return (recall(Label.NEGATIVE) + recall(Label.NEUTRAL) + recall(Label.POSITIVE)) / 3;
  }

  public double macroF1() {
    return (f1(Label.NEGATIVE) + f1(Label.NEUTRAL) + f1(Label.POSITIVE)) / 3;
  }

  public double accuracy() {
    int total = total();
    return total == 0 ? 0 : (confusion[0][0] + confusion[1][1] + confusion[2][2]) / (double) total;
  }

  public String summary() {
    return String.format("macro recall %.4f, accuracy %.4f, macro F1 %.4f (n=%d)",
        macroRecall(), accuracy(), macroF1(), total());
  }
}
