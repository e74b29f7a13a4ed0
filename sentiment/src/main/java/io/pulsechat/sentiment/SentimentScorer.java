package io.pulsechat.sentiment;

/**
 * Scores chat messages. Implementations are thread-safe and fast enough to call inline
 * for every message (microseconds), so callers may use them on an event loop.
 */
@FunctionalInterface
public interface SentimentScorer {
  Sentiment score(String text);
}
