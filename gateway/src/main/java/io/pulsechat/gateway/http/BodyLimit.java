package io.pulsechat.gateway.http;

import io.pulsechat.gateway.metrics.NetMeters;
import io.pulsechat.gateway.protocol.ErrorCode;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Reads every request body, on every route, up to a bound: a larger one (by Content-Length or
 * as it streams) is answered 413 with a JSON error and never buffered whole.
 */
public final class BodyLimit {
  private BodyLimit() {
  }

  public static void install(Router router, int maxBytes, NetMeters meters) {
    // No file uploads: no route takes them, and BodyHandler would otherwise write them to disk.
    router.route().handler(BodyHandler.create(false).setBodyLimit(maxBytes));
    router.errorHandler(413, rc -> {
      meters.requestRefused(NetMeters.Reason.BODY_TOO_LARGE);
      if (!rc.response().ended()) {
        rc.response().setStatusCode(413).putHeader("content-type", "application/json; charset=utf-8")
            .putHeader("connection", "close")
            .end(new JsonObject().put("code", ErrorCode.TOO_LARGE.wireName())
                .put("message", "the request body is over " + maxBytes + " bytes").encode());
      }
    });
  }
}
