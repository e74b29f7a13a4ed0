package io.pulsechat.gateway.access;

import io.pulsechat.gateway.events.ChatEvent;
import io.pulsechat.gateway.hub.insights.SentimentAlert;
import io.pulsechat.gateway.hub.insights.SentimentAlerts;
import io.pulsechat.gateway.store.AccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each sentiment alert, with the messages that drove it, in its room's log of the
 * {@link AccessStore}, where the room's moderators read it (any node of a fleet, after a restart
 * too). One write per spike: an alert stays quiet until the mood recovers.
 */
public final class AlertLog implements SentimentAlerts {
  private static final Logger log = LoggerFactory.getLogger(AlertLog.class);
  private final AccessStore store;

  public AlertLog(AccessStore store) {
    this.store = store;
  }

  @Override
  public void raise(SentimentAlert alert) {
    store.put(new AccessStore.Entry(alert.room(), AccessStore.Kind.ALERT, AccessStore.actionSubject(alert.at(), ""),
            ChatEvent.alertJson(alert).encode(), 0, "gateway", alert.at()))
        .onFailure(e -> log.warn("Keeping the alert of room {} for its moderators failed: {}", alert.room(),
            e.toString()));
  }
}
