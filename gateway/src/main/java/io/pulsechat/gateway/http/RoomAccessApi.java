package io.pulsechat.gateway.http;

import io.pulsechat.gateway.access.ModerationAction;
import io.pulsechat.gateway.access.RoomAdmin;
import io.pulsechat.gateway.access.RoomPolicy;
import io.pulsechat.gateway.access.RoomRole;
import io.pulsechat.gateway.auth.ApiTokens;
import io.pulsechat.gateway.auth.Identity;
import io.pulsechat.gateway.protocol.ClientFrame;
import io.pulsechat.gateway.protocol.ErrorCode;
import io.pulsechat.gateway.protocol.FrameDecoder;
import io.pulsechat.gateway.protocol.Names;
import io.pulsechat.gateway.protocol.ProtocolException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The HTTP side of private rooms and moderation (token mode): the routes that create rooms, give
 * roles and moderate, and the guard that keeps a private room's history and mood from
 * non-members and banned users. Request bodies are checked as the matching WebSocket frames are,
 * by the same {@link FrameDecoder}, so both doors refuse the same things with the same words.
 */
final class RoomAccessApi {
  private final RoomAdmin admin;
  private final FrameDecoder decoder = new FrameDecoder(1, Names.MAX_TOKEN_USER);

  RoomAccessApi(RoomAdmin admin) {
    this.admin = admin;
  }

  /** Mounts the routes; the guard of reads goes before the routes that read. */
  void mount(Router router) {
    router.get("/api/rooms/:room/messages").handler(this::mayRead);
    router.get("/api/rooms/:room/mood").handler(this::mayRead);
    router.post("/api/rooms/:room").handler(rc -> answer(rc, frame(rc, "create", new JsonObject(),
        ClientFrame.Create.class).compose(f -> admin.create(f.room(), identity(rc), "create"))));
    router.put("/api/rooms/:room/members/:user").handler(rc -> answer(rc, frame(rc, "grant",
        withUser(body(rc), rc), ClientFrame.Grant.class)
        .compose(g -> admin.grant(g.room(), identity(rc), g.user(), RoomRole.of(g.role()), "grant"))));
    router.delete("/api/rooms/:room/members/:user").handler(rc -> answer(rc, frame(rc, "grant",
        withUser(new JsonObject().put("role", "none"), rc), ClientFrame.Grant.class)
        .compose(g -> admin.grant(g.room(), identity(rc), g.user(), null, "grant"))));
    router.post("/api/rooms/:room/moderation").handler(rc -> answer(rc, frame(rc, "moderate", body(rc),
        ClientFrame.Moderate.class)
        .compose(m -> admin.moderate(m.room(), identity(rc), m.user(), ModerationAction.of(m.action()), m.seconds(),
            "moderate"))));
    moderatorsRead(router, "moderation", admin::actions);
    moderatorsRead(router, "members", admin::members);
    moderatorsRead(router, "alerts", admin::alerts);
  }

  /** What a room's owner and moderators read: {@code room}, {@code who}, and {@code ref} for a refusal. */
  private interface RoomRead {
    Future<JsonObject> read(String room, Identity who, String ref);
  }

  /** {@code GET /api/rooms/{room}/<what>}: the room's name checked as a frame's would be, then {@code read}. */
  private void moderatorsRead(Router router, String what, RoomRead read) {
    router.get("/api/rooms/:room/" + what).handler(rc -> answer(rc, frame(rc, "create", new JsonObject(),
        ClientFrame.Create.class).compose(f -> read.read(f.room(), identity(rc), what))));
  }

  /** Whether the caller may see the room at all, for the room list. */
  Future<Boolean> visible(String room, Identity who) {
    return admin.control().policy(room).map(policy -> policy.visibleTo(who));
  }

  private void mayRead(RoutingContext rc) {
    String room = rc.pathParam("room");
    if (!Names.isValidRoom(room)) {
      rc.next(); // the route itself answers 400
      return;
    }
    admin.control().policy(room).onComplete(ar -> {
      if (ar.failed()) {
        HttpApi.unavailable(rc, ar.cause());
        return;
      }
      RoomPolicy policy = ar.result();
      String refused = policy.refuseReading(identity(rc), admin.control().now());
      if (refused == null) {
        rc.next();
      } else {
        error(rc, 403, ErrorCode.FORBIDDEN, refused);
      }
    });
  }

  /** The request as the WebSocket frame of {@code type} for the path's room, checked by the decoder. */
  private <T extends ClientFrame> Future<T> frame(RoutingContext rc, String type, JsonObject fields, Class<T> kind) {
    if (fields == null) {
      return Future.failedFuture(new ProtocolException(ErrorCode.BAD_REQUEST, "the body must be a JSON object", type));
    }
    fields.put("type", type).put("room", rc.pathParam("room"));
    try {
      return Future.succeededFuture(kind.cast(decoder.decode(fields.encode())));
    } catch (ProtocolException e) {
      return Future.failedFuture(e);
    }
  }

  private static JsonObject withUser(JsonObject fields, RoutingContext rc) {
    return fields == null ? null : fields.put("user", rc.pathParam("user"));
  }

  private static JsonObject body(RoutingContext rc) {
    try {
      return rc.body().length() == 0 ? new JsonObject() : rc.body().asJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Identity identity(RoutingContext rc) {
    return rc.get(ApiTokens.IDENTITY);
  }

  private static void answer(RoutingContext rc, Future<JsonObject> answer) {
    answer.onComplete(ar -> {
      if (ar.succeeded()) {
        rc.response().setStatusCode(200).putHeader("content-type", "application/json; charset=utf-8")
            .end(ar.result().encode());
      } else if (ar.cause() instanceof ProtocolException e) {
        error(rc, e.code() == ErrorCode.FORBIDDEN ? 403 : 400, e.code(), e.getMessage());
      } else {
        HttpApi.unavailable(rc, ar.cause());
      }
    });
  }

  private static void error(RoutingContext rc, int status, ErrorCode code, String message) {
    rc.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
        .end(new JsonObject().put("code", code.wireName()).put("message", message).encode());
  }
}
