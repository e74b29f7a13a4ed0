package io.pulsechat.gateway.auth;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Token mode on {@code /api/*}: a request without {@code Authorization: Bearer} and a token the
 * verifier accepts gets 401, before any route reads a room. CORS preflights pass: browsers send
 * them without credentials, and they read nothing.
 */
public final class ApiTokens implements Handler<RoutingContext> {
  /** Where the verified user waits for the routes, in the routing context. */
  public static final String IDENTITY = "pulsechat.identity";

  private final TokenVerifier tokens;
  private final AuthMeters meters;

  public ApiTokens(TokenVerifier tokens, AuthMeters meters) {
    this.tokens = tokens;
    this.meters = meters;
  }

  @Override
  public void handle(RoutingContext rc) {
    if (rc.request().method() == HttpMethod.OPTIONS) {
      rc.next();
      return;
    }
    tokens.verify(BearerToken.fromHeader(rc.request().getHeader("Authorization"))).onComplete(ar -> {
      if (ar.succeeded()) {
        rc.put(IDENTITY, ar.result());
        rc.next();
      } else {
        meters.requestRefused();
        rc.response().setStatusCode(401)
            .putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")
            .putHeader("content-type", "application/json; charset=utf-8")
            .end(new JsonObject().put("code", "unauthorized").put("message", ar.cause().getMessage()).encode());
      }
    });
  }
}
