package io.pulsechat.gateway.sentiment;

/** Which model scores messages ({@code SENTIMENT_MODEL}). */
public enum SentimentMode {
  /** The fast linear model, inline on the room's owner: microseconds a message. */
  FAST,
  /** The accurate model for every message, on the worker pool; the fast one only when the pool's queue is full. */
  ACCURATE,
  /**
   * The accurate model when it can answer in time: the fast one for a message that finds the
   * queue full or waited past the bound.
   */
  AUTO
}
