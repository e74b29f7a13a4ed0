package io.pulsechat.gateway.apigw;

import io.pulsechat.gateway.protocol.EncodedFrame;

/** Messages between the HTTP route (any server loop) and the front door's loop, by reference. */
final class Inbound {
  private Inbound() {
  }

  /**
   * A client frame as API Gateway posted it; {@code receivedAt} is when API Gateway received it
   * (epoch milliseconds, the integration's {@code X-PulseChat-Received-At}), -1 when not sent;
   * {@code sourceIp} the client's address (the integration's {@code X-PulseChat-Source-Ip}), null
   * when not sent.
   */
  record Frame(String connectionId, String text, long receivedAt, String sourceIp) {
  }

  /** The sender's answer for the HTTP response; {@code frame} is null for an empty body. */
  record Reply(EncodedFrame frame) {
  }
}
