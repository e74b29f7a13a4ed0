package io.pulsechat.gateway.hub.routing;

import io.pulsechat.gateway.protocol.EncodedFrame;

/** What owners send to the event loops holding a room's members, and nodes' relays to each other. */
public sealed interface RelayMessage {

  /**
   * A frame for the members of a room; {@code messageId} for a {@code message} frame, else null.
   * {@code evictUser}: after the frame, that user's connections leave the room (null for none).
   */
  record Delivery(String room, EncodedFrame frame, String exceptUser, String messageId, String evictUser)
      implements RelayMessage {
    public Delivery(String room, EncodedFrame frame, String exceptUser, String messageId) {
      this(room, frame, exceptUser, messageId, null);
    }
  }

  /**
   * A node's relay is listening: each other node answers with {@link Welcome}, so that its event
   * bus has looked the new address up before it sends the node any room's frame.
   */
  record Hello(String node) implements RelayMessage {
  }

  record Welcome() implements RelayMessage {
  }
}
