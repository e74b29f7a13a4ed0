package io.pulsechat.gateway.hub.delivery;

import io.pulsechat.gateway.protocol.EncodedFrame;

/**
 * A member's connection as the hub sees it: somewhere to put encoded frames. Implementations
 * are called only on the event loop that owns the connection, and never block.
 */
public interface Connection {

  /** Unique among the gateway's open connections. */
  String id();

  /**
   * Queues a frame for the client. A connection whose outbound buffer passes its bound closes
   * itself as a slow reader (status 1013) and ignores further frames.
   */
  void send(EncodedFrame frame);

  /** False once the connection is closing or closed. */
  boolean isOpen();
}
