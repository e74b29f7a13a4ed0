package io.pulsechat.gateway.hub.insights;

import io.pulsechat.gateway.metrics.GatewayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Alerts as a WARN line and the {@code pulsechat.sentiment.alerts} counter, then on to {@code next}. */
public final class LoggedSentimentAlerts implements SentimentAlerts {
  private static final Logger log = LoggerFactory.getLogger(LoggedSentimentAlerts.class);

  private final GatewayMetrics metrics;
  private final SentimentAlerts next;

  public LoggedSentimentAlerts(GatewayMetrics metrics, SentimentAlerts next) {
    this.metrics = metrics;
    this.next = next;
  }

  @Override
  public void raise(SentimentAlert alert) {
    metrics.sentimentAlert();
    log.warn("SentimentAlert room={} score={} below {} over {} messages ({} negative) in {}", alert.room(),
        String.format(java.util.Locale.ROOT, "%.3f", alert.mood().score()), alert.threshold(),
        alert.mood().messages(), alert.mood().negative(), alert.mood().window());
    next.raise(alert);
  }
}
