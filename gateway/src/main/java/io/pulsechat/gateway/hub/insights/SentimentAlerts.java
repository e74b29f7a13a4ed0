package io.pulsechat.gateway.hub.insights;

/**
 * Where sentiment alerts go: a log line and a counter locally; in AWS also an EventBridge event
 * (an adapter over the events publisher). Called on a room owner's thread: implementations
 * must not block it.
 */
@FunctionalInterface
public interface SentimentAlerts {
  void raise(SentimentAlert alert);
}
