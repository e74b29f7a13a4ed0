package io.pulsechat.gateway.protocol;

/** The WebSocket close statuses the gateway uses, and when. */
public enum CloseCode {
  /** The gateway is shutting down; reconnect elsewhere or later. */
  GOING_AWAY(1001, "server shutting down"),
  /** Nothing (no frame, no pong to the server's pings) for the WebSocket idle timeout. */
  IDLE(1001, "idle: no frame or pong in time"),
  /** A text message that is not valid UTF-8. */
  INVALID_PAYLOAD(1007, "invalid UTF-8"),
  /** Sustained abuse: requests over the allowance without pause for CHAT_ABUSE_AFTER_S seconds. */
  POLICY_VIOLATION(1008, "sustained rate limit abuse"),
  /** The connection's token passed its exp and no auth frame brought a fresh one. */
  TOKEN_EXPIRED(1008, "token expired"),
  /**
   * A message over the inbound size limit (16 KiB by default): Netty's decoder sends this one for
   * a single frame, the gateway for fragments that add up to more.
   */
  MESSAGE_TOO_BIG(1009, "message too large"),
  /** A reader too slow for its outbound buffer bound; catch up with history after the last id. */
  TRY_AGAIN_LATER(1013, "slow reader: outbound buffer full");

  private final short status;
  private final String reason;

  CloseCode(int status, String reason) {
    this.status = (short) status;
    this.reason = reason;
  }

  public short status() {
    return status;
  }

  public String reason() {
    return reason;
  }
}
