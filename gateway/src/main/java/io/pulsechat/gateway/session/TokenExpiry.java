package io.pulsechat.gateway.session;

import io.pulsechat.gateway.auth.Identity;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * The end of a token-mode connection: runs {@code expired} once its token has expired (plus the
 * allowed clock skew), moved by every fresh token an {@code auth} frame brings. Whatever carries
 * the connection decides what expiry means for it (a 1008 close, a DeleteConnection). Lives on
 * the connection's event loop.
 */
public final class TokenExpiry {
  private final Vertx vertx;
  private final Duration clockSkew;
  private final Runnable expired;
  private long timer = -1;

  public TokenExpiry(Vertx vertx, Duration clockSkew, Runnable expired) {
    this.vertx = vertx;
    this.clockSkew = clockSkew;
    this.expired = expired;
  }

  /** The connection now ends when {@code identity}'s token does. */
  public void at(Identity identity) {
    cancel();
    long delay = identity.expiresAt() + clockSkew.toMillis() - System.currentTimeMillis();
    timer = vertx.setTimer(Math.max(1, delay), id -> {
      timer = -1;
      expired.run();
    });
  }

  /** The connection ended otherwise. */
  public void cancel() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
