package io.pulsechat.gateway.sentiment;

import io.pulsechat.sentiment.SentimentScorer;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The scorer in use. A new model replaces the old one atomically: a message is scored entirely
 * by one model, and names it.
 */
public final class ModelHolder implements Supplier<SentimentScorer> {
  private final AtomicReference<SentimentScorer> current;

  public ModelHolder(SentimentScorer initial) {
    this.current = new AtomicReference<>(initial);
  }

  @Override
  public SentimentScorer get() {
    return current.get();
  }

  public void swap(SentimentScorer next) {
    current.set(next);
  }
}
