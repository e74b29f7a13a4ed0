package io.pulsechat.sentiment;

import java.util.Objects;

/**
 * A trained multinomial linear model (softmax regression over hashed and dense features) with
 * the feature settings and lexicon it was trained with. Scoring is thread-safe: each thread gets
 * its own feature buffers, and the weights are never written after construction.
 */
public final class SentimentModel implements SentimentScorer {
  /** Number of classes: {@link Label#values()}. */
  public static final int CLASSES = 3;

  private final String version;
  private final FeatureSettings settings;
  private final Lexicon lexicon;
  private final TrainingMetrics metrics;
  private final float[] weights;
  private final float[] bias;
  private final int dimension;
  private final ThreadLocal<Featurizer> featurizers;

  /**
   * @param weights row-major {@code dimension x 3}: the three class weights of a feature are
   *     adjacent, so that one feature costs one cache line
   * @param bias one per class
   */
  public SentimentModel(String version, FeatureSettings settings, Lexicon lexicon, TrainingMetrics metrics,
                        float[] weights, float[] bias) {
    this.version = Objects.requireNonNull(version, "version");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.lexicon = Objects.requireNonNull(lexicon, "lexicon");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.dimension = settings.buckets() + Featurizer.denseCount(lexicon.sources().size());
    if (weights.length != dimension * CLASSES || bias.length != CLASSES) {
      throw new IllegalArgumentException("expected " + dimension * CLASSES + " weights and " + CLASSES
          + " biases, got " + weights.length + " and " + bias.length);
    }
    this.weights = weights;
    this.bias = bias;
    this.featurizers = ThreadLocal.withInitial(() -> new Featurizer(settings, lexicon));
  }

  public String version() {
    return version;
  }

  public FeatureSettings settings() {
    return settings;
  }

  public Lexicon lexicon() {
    return lexicon;
  }

  public TrainingMetrics metrics() {
    return metrics;
  }

  /** The same weights under another version and training metrics (the arrays are shared, never written). */
  public SentimentModel withHeader(String newVersion, TrainingMetrics newMetrics) {
    return new SentimentModel(newVersion, settings, lexicon, newMetrics, weights, bias);
  }

  /** The weight matrix; callers must not modify it. */
  float[] weights() {
    return weights;
  }

  float[] bias() {
    return bias;
  }

  @Override
  public Sentiment score(String text) {
    Featurizer f = featurizers.get();
    f.extract(text);
    float neg = bias[0];
    float neu = bias[1];
    float pos = bias[2];
    int[] idx = f.indices();
    float[] val = f.values();
    float[] w = weights;
    for (int i = 0, n = f.size(); i < n; i++) {
      int row = idx[i] * CLASSES;
      float v = val[i];
      neg += v * w[row];
      neu += v * w[row + 1];
      pos += v * w[row + 2];
    }
    float max = Math.max(neg, Math.max(neu, pos));
    double eNeg = Math.exp(neg - max);
    double eNeu = Math.exp(neu - max);
    double ePos = Math.exp(pos - max);
    double score = (ePos - eNeg) / (eNeg + eNeu + ePos);
    Label label = neg == max ? Label.NEGATIVE : pos == max ? Label.POSITIVE : Label.NEUTRAL;
    return new Sentiment(label, Math.max(-1.0, Math.min(1.0, score)), version);
  }

  /** The label and score of class probabilities {@code p} (negative, neutral, positive). */
  public static Sentiment sentiment(double[] p, String model) {
    double score = p[2] - p[0];
    Label label = p[0] >= p[1] && p[0] >= p[2] ? Label.NEGATIVE : p[2] >= p[1] ? Label.POSITIVE : Label.NEUTRAL;
    return new Sentiment(label, Math.max(-1.0, Math.min(1.0, score)), model);
  }

  /** Writes the class probabilities of {@code text} into {@code out[0..3)}. */
  public void probabilities(CharSequence text, double[] out) {
    Featurizer f = featurizers.get();
    f.extract(text);
    logits(f.indices(), f.values(), f.size(), weights, bias, out);
    softmax(out);
  }

  /**
   * The three class logits of a sparse feature vector (the first {@code n} entries of
   * {@code idx}/{@code val}) under weights {@code w} (row-major, three per feature) and biases
   * {@code b}; shared with the trainer so that training and scoring compute the same thing.
   */
  public static void logits(int[] idx, float[] val, int n, float[] w, float[] b, double[] out) {
    double neg = b[0];
    double neu = b[1];
    double pos = b[2];
    for (int i = 0; i < n; i++) {
      int row = idx[i] * CLASSES;
      double v = val[i];
      neg += v * w[row];
      neu += v * w[row + 1];
      pos += v * w[row + 2];
    }
    out[0] = neg;
    out[1] = neu;
    out[2] = pos;
  }

  /** In place, numerically stable. */
  public static void softmax(double[] z) {
    double max = Math.max(z[0], Math.max(z[1], z[2]));
    double sum = 0;
    for (int k = 0; k < CLASSES; k++) {
      z[k] = Math.exp(z[k] - max);
      sum += z[k];
    }
    for (int k = 0; k < CLASSES; k++) {
      z[k] /= sum;
    }
  }
}
