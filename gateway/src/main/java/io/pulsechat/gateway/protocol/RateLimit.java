package io.pulsechat.gateway.protocol;

import java.util.Locale;

/**
 * The allowances whose excess is answered {@code rate_limited}, each a token bucket; the
 * lower-case name tags {@code pulsechat.rate.limited{kind}}, so the tag has these values only.
 */
public enum RateLimit {
  /** Sends of one connection. */
  SEND("too many messages; slow down"),
  /** Sends of one user over all its connections on this node. */
  USER_SEND("too many messages from this user over all its connections; slow down"),
  /** Joins and leaves of one connection. */
  JOIN("too many joins and leaves; slow down"),
  /** History requests of one connection. */
  HISTORY("too many history requests; slow down"),
  /** Flags of one connection. */
  FLAG("too many flags; slow down"),
  /** Flags from one source address, whatever the connection or name. */
  ADDRESS_FLAG("too many flags from this address; try again in a minute"),
  /** Reacts and unreacts of one connection. */
  REACT("too many reactions; slow down"),
  /** Typing and read frames of one connection. */
  TYPING("too many typing and read frames; slow down");

  private final String tag = name().toLowerCase(Locale.ROOT);
  private final String message;

  RateLimit(String message) {
    this.message = message;
  }

  public String tag() {
    return tag;
  }

  /** The {@code message} of the error frame. */
  public String message() {
    return message;
  }
}
