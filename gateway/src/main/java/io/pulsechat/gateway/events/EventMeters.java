package io.pulsechat.gateway.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The publishers' meters, named once. */
final class EventMeters {
  static final String PUBLISHED = "pulsechat.events.published";
  static final String DROPPED = "pulsechat.events.dropped";

  private EventMeters() {
  }

  static Counter published(MeterRegistry registry, String detailType) {
    return Counter.builder(PUBLISHED).tag("detailType", detailType)
        .description("events handed to the bus (or the log), by detail-type").register(registry);
  }

  /** {@code reason}: buffer_full, too_large, rejected (a non-retryable error), retries_exhausted, closed. */
  static Counter dropped(MeterRegistry registry, String reason) {
    return Counter.builder(DROPPED).tag("reason", reason)
        .description("events that could not be sent, by reason").register(registry);
  }
}
