package io.pulsechat.gateway.http;

import io.pulsechat.gateway.metrics.NetMeters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * What a browser is told on every public answer: a Content-Security-Policy that runs only the
 * gateway's own scripts and styles (no inline script or style, no framing), nosniff, no referrer;
 * and CORS on {@code /api/*} for the origins of the {@link OriginPolicy} only.
 */
public final class BrowserDefaults {
  private final OriginPolicy origins;
  private final NetMeters meters;
  private final String csp;

  /** {@code signInOrigins}: where the client's sign-in fetches tokens (AUTH_SIGNIN_ORIGINS), allowed in connect-src. */
  public BrowserDefaults(OriginPolicy origins, NetMeters meters, List<String> signInOrigins) {
    this.origins = origins;
    this.meters = meters;
    this.csp = csp(signInOrigins);
  }

  /**
   * {@code connect-src} also names ws: and wss:, for the local {@code ?ws=} override and for
   * browsers whose 'self' does not cover WebSocket URLs; script-src 'self' keeps out the script
   * that could misuse it.
   */
  static String csp(List<String> signInOrigins) {
    String extra = signInOrigins.isEmpty() ? "" : " " + String.join(" ", signInOrigins);
    return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "connect-src 'self' ws: wss:" + extra + "; font-src 'self'; object-src 'none'; base-uri 'none'; "
        + "form-action 'self'; frame-ancestors 'none'";
  }

  public void install(Router router) {
    router.route().handler(this::headers);
    router.route("/api/*").handler(this::cors);
  }

  private void headers(RoutingContext rc) {
    rc.response().headers()
        .set("Content-Security-Policy", csp)
        .set("X-Content-Type-Options", "nosniff")
        .set("X-Frame-Options", "DENY")
        .set("Referrer-Policy", "no-referrer");
    rc.next();
  }

  private void cors(RoutingContext rc) {
    String origin = rc.request().getHeader(HttpHeaders.ORIGIN);
    if (origin == null) {
      rc.next();
      return;
    }
    rc.response().headers().add(HttpHeaders.VARY, "Origin");
    if (!origins.allows(origin, rc.request().getHeader(HttpHeaders.HOST))) {
      meters.requestRefused(NetMeters.Reason.FOREIGN_ORIGIN);
      rc.response().setStatusCode(403).putHeader("content-type", "application/json; charset=utf-8")
          .end("{\"code\":\"bad_request\",\"message\":\"this origin may not use the API\"}");
      return;
    }
    rc.response().putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    if (rc.request().method() == HttpMethod.OPTIONS) {
      rc.response().setStatusCode(204)
          .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "GET")
          .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, "content-type")
          .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600").end();
      return;
    }
    rc.next();
  }
}
