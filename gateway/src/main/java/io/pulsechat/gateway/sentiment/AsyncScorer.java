package io.pulsechat.gateway.sentiment;

import io.pulsechat.sentiment.Sentiment;
import io.pulsechat.sentiment.SentimentScorer;
import io.vertx.core.Future;

/**
 * A scorer that may answer later, off the caller's thread; its future completes on the caller's
 * Vert.x context. {@link #score(String)} answers at once (with a model that can).
 */
public interface AsyncScorer extends SentimentScorer {
  Future<Sentiment> scoreAsync(String text);

  /** {@code scorer}'s sentiment of {@code text}: later for an {@link AsyncScorer}, at once for any other. */
  static Future<Sentiment> score(SentimentScorer scorer, String text) {
    return scorer instanceof AsyncScorer async ? async.scoreAsync(text) : Future.succeededFuture(scorer.score(text));
  }
}
