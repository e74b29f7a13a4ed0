package io.pulsechat.trainer;

import io.pulsechat.sentiment.AccurateModel;
import io.pulsechat.sentiment.FeatureSettings;
import io.pulsechat.sentiment.Lexicon;
import io.pulsechat.sentiment.SentimentModel;
import io.pulsechat.sentiment.StackHead;
import io.pulsechat.sentiment.TrainingMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * The pieces of stacking shared by training and cross-validation. The head must learn from the
 * fast model's probabilities as they are on messages it has not seen (on its own training data
 * the fast model is overconfident), so those come out of fold: each fold scored by a fast model
 * trained on the other folds.
 */
final class Stacking {
  private Stacking() {
  }

  /** Fold of each example: a seeded shuffle dealt round-robin into {@code folds} folds. */
  static int[] folds(int n, int folds, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SoftmaxTrainer.shuffle(order, new Random(seed));
    int[] fold = new int[n];
    for (int i = 0; i < n; i++) {
      fold[order[i]] = i % folds;
    }
    return fold;
  }

  /** Each example's fast-model probabilities from a fast model trained without its fold. */
  static double[][] outOfFold(List<Example> examples, int[] fold, int folds, FeatureSettings settings, Lexicon lexicon,
                              SoftmaxTrainer.Options options, IntConsumer progress) {
    double[][] out = new double[examples.size()][];
    for (int f = 0; f < folds; f++) {
      List<Example> train = new ArrayList<>();
      for (int i = 0; i < examples.size(); i++) {
        if (fold[i] != f) {
          train.add(examples.get(i));
        }
      }
      SentimentModel fast = new SoftmaxTrainer(settings, lexicon, options)
          .train(train, "fold-" + f, TrainingMetrics.none(), progress);
      for (int i = 0; i < examples.size(); i++) {
        if (fold[i] == f) {
          out[i] = new double[SentimentModel.CLASSES];
          fast.probabilities(examples.get(i).text(), out[i]);
        }
      }
    }
    return out;
  }

  /** The head's inputs: encoder vector joined with the fast model's log-probabilities. */
  static float[][] inputs(float[][] embeddings, double[][] fastProbabilities) {
    float[][] x = new float[embeddings.length][];
    for (int i = 0; i < x.length; i++) {
      x[i] = AccurateModel.input(embeddings[i], fastProbabilities[i]);
    }
    return x;
  }

  static int[] labels(List<Example> examples) {
    int[] y = new int[examples.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = examples.get(i).label().ordinal();
    }
    return y;
  }

  /** Confusion matrix of {@code head} on the examples with {@code fold[i] == f} (all when f is -1). */
  static int[][] confusion(StackHead head, float[][] x, int[] y, int[] fold, int f) {
    int[][] confusion = new int[3][3];
    double[] p = new double[3];
    for (int i = 0; i < x.length; i++) {
      if (f >= 0 && fold[i] != f) {
        continue;
      }
      head.probabilities(x[i], p);
      confusion[y[i]][argmax(p)]++;
    }
    return confusion;
  }

  static int argmax(double[] p) {
    return p[0] >= p[1] && p[0] >= p[2] ? 0 : p[2] >= p[1] ? 2 : 1;
  }
}
