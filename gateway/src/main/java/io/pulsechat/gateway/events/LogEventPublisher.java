package io.pulsechat.gateway.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local default when no bus is configured: one log line and a counter per event.
 * MessageCreated logs at DEBUG, because at INFO it would log every chat message.
 */
public final class LogEventPublisher implements EventPublisher {
  private static final Logger log = LoggerFactory.getLogger(LogEventPublisher.class);

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public LogEventPublisher(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public boolean publish(ChatEvent event) {
    counters.computeIfAbsent(event.detailType(), type -> EventMeters.published(registry, type)).increment();
    if (ChatEvent.MESSAGE_CREATED.equals(event.detailType())) {
      log.debug("Event {} {}", event.detailType(), event.detail());
    } else {
      log.info("Event {} {}", event.detailType(), event.detail());
    }
    return true;
  }

  @Override
  public Future<Void> flush() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
