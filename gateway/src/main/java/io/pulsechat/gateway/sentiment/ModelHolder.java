package io.pulsechat.gateway.sentiment;

import io.pulsechat.sentiment.SentimentModel;
import io.pulsechat.sentiment.SentimentScorer;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The scorer in use. A new model replaces the old one atomically: a message is scored entirely
 * by one model, and names it. Safe to read from every thread.
 */
public final class ModelHolder implements Supplier<SentimentScorer> {
  private record Current(SentimentScorer scorer, String version) {
  }

  private final AtomicReference<Current> current;

  public ModelHolder(SentimentScorer initial) {
    this.current = new AtomicReference<>(new Current(initial, versionOf(initial)));
  }

  @Override
  public SentimentScorer get() {
    return current.get().scorer();
  }

  /** The version of the model in use; "unknown" for a scorer that is not a {@link SentimentModel}. */
  public String version() {
    return current.get().version();
  }

  public void swap(SentimentScorer next) {
    current.set(new Current(next, versionOf(next)));
  }

  private static String versionOf(SentimentScorer scorer) {
    return scorer instanceof SentimentModel model ? model.version() : "unknown";
  }
}
