package io.pulsechat.gateway.hub.room;

import io.pulsechat.gateway.protocol.ChatMessage;

/**
 * Told of every message a room releases to its members (stored, in id order, not a resend).
 * Called on the room owner's event loop, on the message's hot path: implementations must be
 * O(1) and must never block or throw.
 */
@FunctionalInterface
public interface MessageListener {
  MessageListener NONE = message -> { };

  void released(ChatMessage message);
}
