package io.pulsechat.gateway.hub;

import io.pulsechat.gateway.protocol.EncodedFrame;

/** Where a room owner sends a room's frames: to every event loop that has members of the room. */
@FunctionalInterface
public interface FanOut {
  /**
   * Delivers the frame to every member of the room except the connections of {@code exceptUser}
   * (null for none). Frames published for one room by one owner arrive in publishing order.
   */
  void publish(String room, EncodedFrame frame, String exceptUser);
}
