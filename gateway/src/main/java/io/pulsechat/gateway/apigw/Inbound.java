package io.pulsechat.gateway.apigw;

import io.pulsechat.gateway.protocol.EncodedFrame;

/** Messages between the HTTP route (any server loop) and the front door's loop, by reference. */
final class Inbound {
  private Inbound() {
  }

  /** A client frame as API Gateway posted it. */
  record Frame(String connectionId, String text) {
  }

  /** The sender's answer for the HTTP response; {@code frame} is null for an empty body. */
  record Reply(EncodedFrame frame) {
  }
}
