package io.pulsechat.gateway.protocol;

import java.util.Locale;

/** The error codes of PROTOCOL.md and its extensions; none of them closes the connection. */
public enum ErrorCode {
  /** Not JSON, unknown {@code type}, a field missing or out of range, a binary frame. */
  BAD_REQUEST,
  /** {@code send} or {@code history} for a room the connection has not joined. */
  NOT_MEMBER,
  /** {@code text} over the character limit (2000 by default). */
  TOO_LARGE,
  /** More requests of a kind than its token bucket allows (sends: 20 a second, bursts of 40 by default). */
  RATE_LIMITED,
  /** A join past the rooms one connection may be in at once (an extension of PROTOCOL.md). */
  TOO_MANY_ROOMS,
  /** Storage cannot take the message now; nothing was stored, the client may resend later. */
  UNAVAILABLE,
  /**
   * The connection's token does not allow it (a join as another user, a token refused by an auth
   * frame), or the room's rules do not (an edit of another's message).
   */
  FORBIDDEN,
  /** A join for a name online under a guest key, without that key. */
  NAME_TAKEN,
  /** A react past the distinct emoji a message may carry, or the emoji one user may put on it. */
  TOO_MANY_REACTIONS;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  public String wireName() {
    return wireName;
  }
}
