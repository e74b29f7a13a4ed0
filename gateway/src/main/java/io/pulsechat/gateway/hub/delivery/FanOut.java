package io.pulsechat.gateway.hub.delivery;

import java.util.Collection;
import io.pulsechat.gateway.protocol.EncodedFrame;

/** Where a room owner sends a room's frames: to every event loop, on every node, that has members of the room. */
@FunctionalInterface
public interface FanOut {
  /**
   * Delivers the frame to every member of the room except the connections of {@code exceptUser}
   * (null for none), on each of {@code nodes} (the fleet nodes with members, or {@link #EVERY_NODE}); {@code messageId}
   * is the id of a {@code message} frame, null for other frames. Frames published for one room by one owner arrive in publishing order.
   */
  /** Stands for every node of the fleet in {@link #publish}. */
  Collection<String> EVERY_NODE = java.util.List.of("*");

  void publish(String room, Collection<String> nodes, EncodedFrame frame, String exceptUser, String messageId);

  /**
   * Delivers the frame to every member of the room, then removes {@code user}'s connections from
   * it on each of {@code nodes} (a kick or a ban). Only a fan-out that reaches connections can.
   */
  default void evict(String room, Collection<String> nodes, EncodedFrame frame, String user) {
    throw new UnsupportedOperationException("this fan-out reaches no connections to remove");
  }
}
