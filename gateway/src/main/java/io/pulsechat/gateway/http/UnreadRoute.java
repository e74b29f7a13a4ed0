package io.pulsechat.gateway.http;

import io.pulsechat.gateway.auth.ApiTokens;
import io.pulsechat.gateway.auth.Identity;
import io.pulsechat.gateway.protocol.ErrorCode;
import io.pulsechat.gateway.protocol.Names;
import io.pulsechat.gateway.store.UnreadCounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/unread?user=}: the rooms where a user has a read marker, the most recently
 * marked first, with the messages after each. In token mode the user is the token's and no
 * other may be named: a reader never learns another user's rooms.
 */
final class UnreadRoute {
  /** Rooms answered at most: as many as one connection may be in at once by default. */
  static final int MAX_ROOMS = 50;

  private final UnreadCounts unread;

  UnreadRoute(UnreadCounts unread) {
    this.unread = unread;
  }

  void handle(RoutingContext rc) {
    Identity identity = rc.get(ApiTokens.IDENTITY);
    String named = rc.queryParams().get("user");
    String user;
    if (identity != null) {
      if (named != null && !named.isEmpty() && !Names.normalizeUser(named).equals(identity.user())) {
        HttpApi.json(rc, 403, new JsonObject().put("code", ErrorCode.FORBIDDEN.wireName())
            .put("message", "the token is for " + identity.user() + "; another user's unread counts are theirs"));
        return;
      }
      user = identity.user();
    } else {
      user = named == null ? null : Names.normalizeUser(named);
      if (!Names.isValidUser(user, Names.MAX_TOKEN_USER)) {
        HttpApi.json(rc, 400, new JsonObject().put("code", ErrorCode.BAD_REQUEST.wireName())
            .put("message", "user must name a user"));
        return;
      }
    }
    unread.rooms(user, MAX_ROOMS).map(marked -> {
      JsonArray rooms = new JsonArray();
      marked.forEach(r -> rooms.add(new JsonObject().put("room", r.room()).put("id", r.id())
          .put("unread", r.unread())));
      return new JsonObject().put("user", user).put("rooms", rooms);
    }).onComplete(ar -> {
      if (ar.succeeded()) {
        HttpApi.json(rc, 200, ar.result());
      } else {
        HttpApi.unavailable(rc, ar.cause());
      }
    });
  }
}
