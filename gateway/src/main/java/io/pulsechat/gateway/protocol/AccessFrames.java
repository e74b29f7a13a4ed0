package io.pulsechat.gateway.protocol;

import io.vertx.core.json.JsonObject;

/**
 * The frames of private rooms, roles and moderation (PROTOCOL.md, "Extensions: rooms and
 * moderation"), apart from {@link ServerFrames} so that each extension keeps to its own file.
 */
public final class AccessFrames {
  private AccessFrames() {
  }

  /** An answer of type {@code type} whose fields are {@code body}'s, {@code type} first. */
  public static EncodedFrame answer(String type, JsonObject body) {
    return new EncodedFrame(new JsonObject().put("type", type).mergeIn(body).toBuffer());
  }

  /** One moderation action, as the {@code moderated} frame, the HTTP answer and the event carry it. */
  public static JsonObject actionJson(String room, String user, String action, String by, long until, long ts) {
    JsonObject json = new JsonObject().put("room", room).put("user", user).put("action", action).put("by", by);
    if (until > 0) {
      json.put("until", until);
    }
    return json.put("ts", ts);
  }

  public static EncodedFrame moderated(String room, String user, String action, String by, long until, long ts) {
    return answer("moderated", actionJson(room, user, action, by, until, ts));
  }
}
