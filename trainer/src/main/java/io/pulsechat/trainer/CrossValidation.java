package io.pulsechat.trainer;

import io.pulsechat.sentiment.FeatureSettings;
import io.pulsechat.sentiment.Label;
import io.pulsechat.sentiment.Lexicon;
import io.pulsechat.sentiment.SentimentModel;
import io.pulsechat.sentiment.StackHead;
import java.io.PrintStream;
import java.util.List;

/**
 * K-fold cross-validation of both kinds on the same folds. The out-of-fold fast probabilities are
 * the fast model's cross-validated predictions; the head of each fold learns from the other folds'
 * out-of-fold probabilities and vectors. (Those probabilities came from fast models that saw the
 * held-out fold, a small optimism the alternative, nested folds, would cost K times the time to
 * remove.)
 */
final class CrossValidation {
  private final StackOptions stack;
  private final SentimentModel fast;

  CrossValidation(StackOptions stack, SentimentModel fast) {
    this.stack = stack;
    this.fast = fast;
  }

  /** @return the mean of the accurate model's macro recall over the folds */
  double run(List<Example> examples, float[][] vectors, PrintStream out) {
    int k = stack.folds;
    int[] fold = Stacking.folds(examples.size(), k, stack.seed);
    double[][] oof;
    try (Progress progress = stack.progress("cv fast", stack.fastSteps(examples.size()))) {
      oof = Stacking.outOfFold(examples, fold, k, fast.settings(), fast.lexicon(), stack.fastOptions(), progress);
    }
    int[] y = Stacking.labels(examples);
    float[][] x = Stacking.inputs(vectors, oof);
    int[][][] fastFolds = new int[k][3][3];
    for (int i = 0; i < y.length; i++) {
      fastFolds[fold[i]][y[i]][Stacking.argmax(oof[i])]++;
    }
    int[][][] accurateFolds = new int[k][][];
    for (int f = 0; f < k; f++) {
      int n = 0;
      for (int v : fold) {
        n += v == f ? 0 : 1;
      }
      float[][] xf = new float[n][];
      int[] yf = new int[n];
      for (int i = 0, j = 0; i < y.length; i++) {
        if (fold[i] != f) {
          xf[j] = x[i];
          yf[j++] = y[i];
        }
      }
      StackHead head;
      try (Progress progress = stack.progress("cv head " + (f + 1) + "/" + k, (long) n * stack.headEpochs)) {
        head = new HeadTrainer(stack.headOptions()).train(xf, yf, progress);
      }
      accurateFolds[f] = Stacking.confusion(head, x, y, fold, f);
    }
    out.printf("%d-fold cross-validation over %d messages (%s train + val), seed %d%n", k, y.length,
        stack.data.getFileName(), stack.seed);
    report(out, "fast " + fast.version(), fastFolds);
    return report(out, "accurate (MiniLM + fast, " + stack.hidden + " hidden)", accurateFolds);
  }

  /**
   * K-fold cross-validation of a fast model's recipe alone, on the same folds as {@link #run}
   * for the same seed: each fold scored by a model trained on the others.
   *
   * @return the mean of the folds' macro recall
   */
  static double fast(List<Example> examples, int k, FeatureSettings settings, Lexicon lexicon,
                     SoftmaxTrainer.Options options, Progress progress, PrintStream out, String name) {
    int[] fold = Stacking.folds(examples.size(), k, options.seed());
    double[][] oof = Stacking.outOfFold(examples, fold, k, settings, lexicon, options, progress);
    int[] y = Stacking.labels(examples);
    int[][][] folds = new int[k][3][3];
    for (int i = 0; i < y.length; i++) {
      folds[fold[i]][y[i]][Stacking.argmax(oof[i])]++;
    }
    out.printf("%d-fold cross-validation over %d messages, seed %d%n", k, y.length, options.seed());
    return report(out, name, folds);
  }

  /** Prints mean +- sd of the folds' macro recall and the pooled confusion; returns the mean. */
  static double report(PrintStream out, String name, int[][][] folds) {
    int[][] pooled = new int[3][3];
    double sum = 0;
    double sumSq = 0;
    StringBuilder each = new StringBuilder();
    for (int[][] c : folds) {
      double r = new Evaluation(c).macroRecall();
      sum += r;
      sumSq += r * r;
      each.append(String.format(" %.4f", r));
      for (int a = 0; a < 3; a++) {
        for (int b = 0; b < 3; b++) {
          pooled[a][b] += c[a][b];
        }
      }
    }
    int k = folds.length;
    double mean = sum / k;
    double sd = Math.sqrt(Math.max(0, sumSq / k - mean * mean) * k / (k - 1));
    Evaluation e = new Evaluation(pooled);
    out.printf("%s: macro recall %.4f +- %.4f (folds:%s); pooled %s%n", name, mean, sd, each, e.summary());
    for (Label label : Label.values()) {
      int[] row = pooled[label.ordinal()];
      out.printf("  %-8s %6d %6d %6d   recall %.4f%n", label.wireName(), row[0], row[1], row[2], e.recall(label));
    }
    return mean;
  }
}
