package io.pulsechat.gateway.auth;

/** A token that does not let its holder in; the message says why, without echoing the token. */
public final class TokenRefused extends RuntimeException {
  public TokenRefused(String reason) {
    super(reason, null, false, false);
  }
}
