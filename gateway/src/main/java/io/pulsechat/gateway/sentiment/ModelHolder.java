package io.pulsechat.gateway.sentiment;

import io.pulsechat.sentiment.AccurateModel;
import io.pulsechat.sentiment.SentenceEncoder;
import io.pulsechat.sentiment.SentimentModel;
import io.pulsechat.sentiment.SentimentScorer;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The models in use: the fast one and, unless the mode is {@link SentimentMode#FAST}, the
 * accurate one with its encoder. A new model replaces the old one atomically: a message is scored
 * entirely by one model, and names it. Safe to read from every thread.
 *
 * <p>{@link #get()} is what a room's owner scores with: the fast model itself in FAST mode, the
 * {@link AccuratePool} otherwise.
 */
public final class ModelHolder implements Supplier<SentimentScorer> {
  private record Current(SentimentScorer fast, String fastVersion, AccurateModel.Bound accurate) {
  }

  private final AtomicReference<Current> current;
  private final SentenceEncoder encoder;
  private volatile SentimentScorer front;

  /** FAST mode: {@code initial} scores every message. */
  public ModelHolder(SentimentScorer initial) {
    this(initial, null, null);
  }

  /**
   * @param encoder the encoder accurate models are bound to; null in FAST mode, where an accurate
   *     model that arrives contributes only its fast model
   */
  public ModelHolder(SentimentScorer fast, AccurateModel.Bound accurate, SentenceEncoder encoder) {
    this.current = new AtomicReference<>(new Current(fast, versionOf(fast), accurate));
    this.encoder = encoder;
  }

  /**
   * Scores through {@code scorer} from now on: the {@link AccuratePool} (which reads this holder's
   * models), or a wrapper of {@link #fast()} that counts.
   */
  public void scoreThrough(SentimentScorer scorer) {
    this.front = scorer;
  }

  @Override
  public SentimentScorer get() {
    SentimentScorer f = front;
    return f != null ? f : current.get().fast();
  }

  /** The fast model in use (the fallback when there is an accurate one). */
  public SentimentScorer fast() {
    return current.get().fast();
  }

  /** The accurate model in use, bound to its encoder; null in FAST mode. */
  public AccurateModel.Bound accurate() {
    return current.get().accurate();
  }

  /** The version of the model in use: the accurate one's when there is one, else the fast one's. */
  public String version() {
    Current c = current.get();
    return c.accurate() != null ? c.accurate().version() : c.fastVersion();
  }

  /** Whether {@code version} is one of the models in use. */
  public boolean inUse(String version) {
    Current c = current.get();
    return version.equals(c.fastVersion()) || c.accurate() != null && version.equals(c.accurate().version());
  }

  /** A new fast model; the accurate one stays. */
  public void swap(SentimentScorer next) {
    current.updateAndGet(c -> new Current(next, versionOf(next), c.accurate()));
  }

  /**
   * A new accurate model, with the fast model it was trained on as the fallback. Without an
   * encoder (FAST mode) only that fast model is taken.
   *
   * @throws IllegalArgumentException if the model needs another encoder than this gateway's
   */
  public void swap(AccurateModel next) {
    AccurateModel.Bound bound = encoder == null ? null : next.bind(encoder);
    current.set(new Current(next.fast(), next.fast().version(), bound));
  }

  /**
   * Refuses, before any swap, an accurate model this gateway's encoder cannot run.
   *
   * @throws IllegalArgumentException naming both encoders
   */
  public void check(AccurateModel model) {
    if (encoder != null) {
      model.bind(encoder);
    }
  }

  private static String versionOf(SentimentScorer scorer) {
    return scorer instanceof SentimentModel model ? model.version() : "unknown";
  }
}
