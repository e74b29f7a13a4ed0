package io.pulsechat.sentiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The accurate model: a small neural head over a frozen sentence encoder's vector of a message,
 * joined with the fast model's log-probabilities of the same message (a stack: the head learns
 * when to trust which). Scoring costs one encoder pass, so it is batched and kept off event loops;
 * the {@link #fast()} model it carries scores alone in microseconds when there is no time.
 *
 * <p>The model refers to its encoder by name and checksum and does not contain it: {@link #bind}
 * attaches an encoder and refuses one with other weights.
 */
public final class AccurateModel {
  private final String version;
  private final TrainingMetrics metrics;
  private final String encoderName;
  private final String encoderChecksum;
  private final SentimentModel fast;
  private final StackHead head;

  public AccurateModel(String version, TrainingMetrics metrics, String encoderName, String encoderChecksum,
                       SentimentModel fast, StackHead head) {
    this.version = Objects.requireNonNull(version, "version");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.encoderName = Objects.requireNonNull(encoderName, "encoderName");
    this.encoderChecksum = Objects.requireNonNull(encoderChecksum, "encoderChecksum");
    this.fast = Objects.requireNonNull(fast, "fast");
    this.head = Objects.requireNonNull(head, "head");
  }

  public String version() {
    return version;
  }

  public TrainingMetrics metrics() {
    return metrics;
  }

  public String encoderName() {
    return encoderName;
  }

  public String encoderChecksum() {
    return encoderChecksum;
  }

  /** The fast model whose probabilities the head reads; it also scores alone as the fallback. */
  public SentimentModel fast() {
    return fast;
  }

  public StackHead head() {
    return head;
  }

  /** The same model under another version and metrics. */
  public AccurateModel withHeader(String newVersion, TrainingMetrics newMetrics) {
    return new AccurateModel(newVersion, newMetrics, encoderName, encoderChecksum, fast, head);
  }

  /**
   * This model scoring with {@code encoder}.
   *
   * @throws IllegalArgumentException if the encoder is not the one the model was trained on
   */
  public Bound bind(SentenceEncoder encoder) {
    if (!encoder.name().equals(encoderName) || !encoder.checksum().equalsIgnoreCase(encoderChecksum)) {
      throw new IllegalArgumentException("model " + version + " needs encoder " + encoderName + " (sha256 "
          + encoderChecksum + "), not " + encoder.name() + " (sha256 " + encoder.checksum() + ")");
    }
    if (encoder.dimension() + StackHead.FAST_INPUTS != head.inputs()) {
      throw new IllegalArgumentException("encoder " + encoder.name() + " gives " + encoder.dimension()
          + " dimensions but the head of " + version + " reads " + (head.inputs() - StackHead.FAST_INPUTS));
    }
    return new Bound(encoder);
  }

  /** The head's input for one message: the encoder's vector, then the fast model's log-probabilities. */
  public static float[] input(float[] embedding, double[] fastProbabilities) {
    float[] x = new float[embedding.length + StackHead.FAST_INPUTS];
    System.arraycopy(embedding, 0, x, 0, embedding.length);
    for (int k = 0; k < StackHead.FAST_INPUTS; k++) {
      x[embedding.length + k] = (float) Math.log(Math.max(fastProbabilities[k], 1e-6));
    }
    return x;
  }

  /** An {@link AccurateModel} with its encoder: thread-safe, scores batches. */
  public final class Bound implements SentimentScorer {
    private final SentenceEncoder encoder;

    private Bound(SentenceEncoder encoder) {
      this.encoder = encoder;
    }

    public AccurateModel model() {
      return AccurateModel.this;
    }

    public String version() {
      return version;
    }

    /** Scores messages together: one encoder pass for the whole batch. */
    public List<Sentiment> scoreBatch(List<String> texts) {
      float[][] embeddings = encoder.encode(texts);
      List<Sentiment> out = new ArrayList<>(texts.size());
      double[] p = new double[SentimentModel.CLASSES];
      for (int i = 0; i < texts.size(); i++) {
        fast.probabilities(texts.get(i), p);
        head.probabilities(input(embeddings[i], p), p);
        out.add(SentimentModel.sentiment(p, version));
      }
      return out;
    }

    @Override
    public Sentiment score(String text) {
      return scoreBatch(List.of(text)).get(0);
    }
  }
}
