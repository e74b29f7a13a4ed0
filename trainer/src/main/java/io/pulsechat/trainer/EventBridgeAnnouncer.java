package io.pulsechat.trainer;

import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Announces on an EventBridge bus: one PutEvents entry, source {@value #SOURCE}, detail-type
 * {@value Announcer#DETAIL_TYPE}. PutEvents answers 200 even when it rejects an entry, so the
 * response's FailedEntryCount and per-entry ErrorCode are checked and a rejection is an error.
 */
public final class EventBridgeAnnouncer implements Announcer {
  public static final String SOURCE = "pulsechat";

  private final EventBridgeClient events;
  private final String eventBus;

  public EventBridgeAnnouncer(EventBridgeClient events, String eventBus) {
    this.events = events;
    this.eventBus = eventBus;
  }

  @Override
  public void announce(String detailJson) throws IOException {
    PutEventsRequestEntry entry = PutEventsRequestEntry.builder()
        .source(SOURCE).detailType(DETAIL_TYPE).eventBusName(eventBus).detail(detailJson).build();
    PutEventsResponse response;
    try {
      response = events.putEvents(r -> r.entries(entry));
    } catch (SdkException e) {
      throw new IOException("EventBridge PutEvents to bus " + eventBus + " failed: " + e.getMessage(), e);
    }
    PutEventsResultEntry result = response.entries().isEmpty() ? null : response.entries().get(0);
    Integer failed = response.failedEntryCount();
    if ((failed != null && failed > 0) || result == null || result.errorCode() != null) {
      String why = result == null ? "no result entry in the response"
          : result.errorCode() + (result.errorMessage() == null ? "" : ": " + result.errorMessage());
      throw new IOException("EventBridge rejected the " + DETAIL_TYPE + " event on bus " + eventBus + " (" + why + ")");
    }
  }
}
