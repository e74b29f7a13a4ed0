package io.pulsechat.gateway.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsechat.gateway.GatewayConfig;
import io.pulsechat.gateway.aws.AwsClients;
import io.pulsechat.gateway.aws.Backoff;
import io.pulsechat.gateway.hub.room.MessageListener;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;

/** Picks the publisher the configuration asks for: EventBridge with a bus, the log without. */
public final class EventPublishers {
  /**
   * 6 sends over at most ~10 s: EventBridge throttles per account, so a burst of retries
   * should spread out, but an event older than that is of little use to consumers.
   */
  static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 6);
  /** PutEvents calls in flight: 8 × 10 entries at ~50 ms is ~1,600 events/s per instance. */
  private static final int MAX_IN_FLIGHT = 8;

  private EventPublishers() {
  }

  public static EventPublisher create(Vertx vertx, GatewayConfig.Aws config, AwsClients clients,
                                      MeterRegistry registry) {
    if (config.eventBus().isEmpty()) {
      return new LogEventPublisher(registry);
    }
    return new EventBridgePublisher(clients.eventBridge(Optional.empty()), vertx.getOrCreateContext(),
        new EventBridgePublisher.Settings(config.eventBus().get(), config.eventBuffer(), MAX_IN_FLIGHT, BACKOFF),
        registry);
  }

  /** The hub's hook for MessageCreated, as CHAT_MESSAGE_EVENTS asks. */
  public static MessageListener messageCreated(EventPublisher publisher, GatewayConfig.Aws config) {
    return MessageEvents.listener(publisher, MessageEvents.Mode.parse(config.messageEvents()),
        config.messageEventRate());
  }
}
