package io.pulsechat.gateway.events;

import io.vertx.core.Future;

/**
 * Where the gateway's events go. {@link #publish} is called on hot paths from any event loop:
 * it is O(1), never blocks and never throws; an event that cannot be taken is dropped and
 * counted ({@code pulsechat.events.dropped}), never waited for. Delivery is at-least-once at
 * best: events are telemetry for downstream consumers, not part of the chat's durability.
 */
public interface EventPublisher {

  /** Takes the event for sending; returns false when it was dropped instead. */
  boolean publish(ChatEvent event);

  /** Completes once every event taken so far was sent or given up on. */
  Future<Void> flush();

  /** Releases the publisher's resources; events published afterwards are dropped. */
  Future<Void> close();
}
