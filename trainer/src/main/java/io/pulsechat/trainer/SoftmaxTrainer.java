package io.pulsechat.trainer;

import io.pulsechat.sentiment.FeatureSettings;
import io.pulsechat.sentiment.Featurizer;
import io.pulsechat.sentiment.Lexicon;
import io.pulsechat.sentiment.SentimentModel;
import io.pulsechat.sentiment.TrainingMetrics;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * Trains the multinomial linear model: softmax cross-entropy, AdaGrad steps, L2 on the weights a
 * step touches, class weights that balance the classes (the target metric is macro recall, which
 * a balanced loss optimises whatever the class mix of the data scored later). Single-threaded and
 * seeded, so a seed and the same data give a byte-identical model.
 */
public final class SoftmaxTrainer {
  /**
   * @param epochs passes over the data
   * @param learningRate AdaGrad's base step
   * @param l2 L2 penalty per step on touched weights
   * @param classWeightPower 0: plain loss; 1: classes weigh inversely to their frequency
   * @param members models trained with seeds seed, seed+1, ... whose weights are averaged: a linear
   *     model's average is the ensemble of the members' logits, at the cost of one model
   * @param seed the shuffling seed
   */
  public record Options(int epochs, double learningRate, double l2, double classWeightPower, int members,
                        long seed) {
    public static Options defaults() {
      return new Options(3, 0.03, 1e-6, 1.0, 1, 42L);
    }
  }

  private static final int K = SentimentModel.CLASSES;

  private final FeatureSettings settings;
  private final Lexicon lexicon;
  private final Options options;

  public SoftmaxTrainer(FeatureSettings settings, Lexicon lexicon, Options options) {
    this.settings = settings;
    this.lexicon = lexicon;
    this.options = options;
  }

  /** Sparse features of all examples, extracted once. */
  record Matrix(int[][] indices, float[][] values, int[] labels, int dimension) {
  }

  Matrix featurize(List<Example> examples, IntConsumer progress) {
    Featurizer f = new Featurizer(settings, lexicon);
    int n = examples.size();
    int[][] indices = new int[n][];
    float[][] values = new float[n][];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      f.extract(examples.get(i).text());
      indices[i] = Arrays.copyOf(f.indices(), f.size());
      values[i] = Arrays.copyOf(f.values(), f.size());
      labels[i] = examples.get(i).label().ordinal();
      progress.accept(1);
    }
    return new Matrix(indices, values, labels, f.dimension());
  }

  /**
   * @param progress told of each example processed, {@code examples.size() * (members * epochs + 1)}
   *     in all
   */
  public SentimentModel train(List<Example> examples, String version, TrainingMetrics metrics,
                              IntConsumer progress) {
    return train(examples, null, 0, version, metrics, progress);
  }

  /**
   * Trains towards {@code (1 - teacherWeight) x one-hot label + teacherWeight x teacher[i]}: a
   * stronger model's class probabilities (distillation); the class weight stays that of the label.
   *
   * @param teacher class probabilities per example, or null for the labels alone
   */
  public SentimentModel train(List<Example> examples, double[][] teacher, double teacherWeight, String version,
                              TrainingMetrics metrics, IntConsumer progress) {
    if (teacher != null && teacher.length != examples.size()) {
      throw new IllegalArgumentException(teacher.length + " teacher rows for " + examples.size() + " examples");
    }
    Matrix m = featurize(examples, progress);
    float[] w = new float[m.dimension() * K];
    float[] bias = new float[K];
    int members = Math.max(1, options.members());
    for (int member = 0; member < members; member++) {
      float[] bm = new float[K];
      float[] wm = trainOne(m, teacher, teacherWeight, options.seed() + member, bm, progress);
      for (int p = 0; p < w.length; p++) {
        w[p] += wm[p] / members;
      }
      for (int k = 0; k < K; k++) {
        bias[k] += bm[k] / members;
      }
    }
    return new SentimentModel(version, settings, lexicon, metrics, w, bias);
  }

  private float[] trainOne(Matrix m, double[][] teacher, double alpha, long seed, float[] bias, IntConsumer progress) {
    int n = m.labels().length;
    double[] classWeight = classWeights(m.labels());
    float[] w = new float[m.dimension() * K];
    float[] g2 = new float[w.length];
    double[] b = new double[K];
    double[] gb2 = new double[K];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(seed);
    double lr = options.learningRate();
    double l2 = options.l2();
    double[] z = new double[K];
    float[] fb = new float[K];
    for (int epoch = 0; epoch < options.epochs(); epoch++) {
      shuffle(order, random);
      for (int o = 0; o < n; o++) {
        int i = order[o];
        int[] idx = m.indices()[i];
        float[] val = m.values()[i];
        for (int k = 0; k < K; k++) {
          fb[k] = (float) b[k];
        }
        logits(idx, val, w, fb, z);
        SentimentModel.softmax(z);
        int y = m.labels()[i];
        double cw = classWeight[y];
        for (int k = 0; k < K; k++) {
          double target = (k == y ? 1 : 0);
          if (teacher != null) {
            target = (1 - alpha) * target + alpha * teacher[i][k];
          }
          double err = cw * (z[k] - target);
          gb2[k] += err * err;
          b[k] -= lr * err / Math.sqrt(gb2[k] + 1e-8);
          for (int j = 0; j < idx.length; j++) {
            int p = idx[j] * K + k;
            double grad = err * val[j] + l2 * w[p];
            g2[p] += (float) (grad * grad);
            w[p] -= (float) (lr * grad / Math.sqrt(g2[p] + 1e-8));
          }
        }
        progress.accept(1);
      }
    }
    for (int k = 0; k < K; k++) {
      bias[k] = (float) b[k];
    }
    return w;
  }

  private static void logits(int[] idx, float[] val, float[] w, float[] b, double[] out) {
    SentimentModel.logits(idx, val, idx.length, w, b, out);
  }

  private double[] classWeights(int[] labels) {
    double[] counts = new double[K];
    for (int y : labels) {
      counts[y]++;
    }
    double[] weights = new double[K];
    for (int k = 0; k < K; k++) {
      weights[k] = counts[k] == 0 ? 0 : Math.pow(labels.length / (K * counts[k]), options.classWeightPower());
    }
    return weights;
  }

  static void shuffle(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
