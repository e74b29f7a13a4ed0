package io.pulsechat.gateway.sentiment;

import io.pulsechat.gateway.GatewayConfig;
import io.pulsechat.gateway.metrics.GatewayMetrics;
import io.pulsechat.sentiment.AccurateModel;
import io.pulsechat.sentiment.SentenceEncoder;
import io.pulsechat.sentiment.SentimentModels;
import io.pulsechat.sentiment.encoder.AccurateModels;

/**
 * Builds the models for {@code SENTIMENT_MODEL}: in FAST mode the shipped fast model alone, scored
 * inline; otherwise the shipped accurate model with the MiniLM encoder (loaded once, about a
 * second) behind an {@link AccuratePool}, its fast model the fallback. Blocking: run on a worker.
 */
public final class Scorers {
  private Scorers() {
  }

  /** The holder, and the pool to close at shutdown (null in FAST mode). */
  public record Loaded(ModelHolder holder, AccuratePool pool) {
    public void close() {
      if (pool != null) {
        pool.close();
      }
    }
  }

  public static Loaded load(GatewayConfig.Scoring scoring, GatewayMetrics metrics) {
    if (scoring.mode() == SentimentMode.FAST) {
      ModelHolder holder = new ModelHolder(SentimentModels.loadDefault());
      holder.scoreThrough(text -> {
        metrics.sentimentScored("fast");
        return holder.fast().score(text);
      });
      return new Loaded(holder, null);
    }
    SentenceEncoder encoder = AccurateModels.encoder();
    AccurateModel accurate = AccurateModels.loadDefault();
    ModelHolder holder = new ModelHolder(accurate.fast(), accurate.bind(encoder), encoder);
    AccuratePool pool = new AccuratePool(holder::fast, holder::accurate, scoring.mode(), scoring.pool(), metrics);
    holder.scoreThrough(pool);
    return new Loaded(holder, pool);
  }
}
