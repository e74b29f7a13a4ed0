package io.pulsechat.gateway.protocol;

import io.pulsechat.sentiment.Sentiment;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;

/**
 * Builds the server frames of PROTOCOL.md. {@code type} always comes first, so that clients can
 * route a frame by its first bytes; a field without a value is left out, never {@code null}.
 */
public final class ServerFrames {
  private ServerFrames() {
  }

  /** {@code names}: display names of listed members (extension), left out when none has one. */
  public static EncodedFrame joined(String room, String user, Collection<String> members, List<MemberName> names,
                                    int count, List<ChatMessage> history, Mood mood) {
    return encode(joinedJson(room, user, members, names, count, history, mood));
  }

  private static JsonObject joinedJson(String room, String user, Collection<String> members, List<MemberName> names,
                                       int count, List<ChatMessage> history, Mood mood) {
    JsonObject json = frame("joined").put("room", room).put("user", user)
        .put("members", new JsonArray(List.copyOf(members)));
    putNames(json, names);
    return json.put("count", count).put("history", messages(history)).put("mood", mood(mood));
  }

  /** Adds {@code names}, {@code {"<user>": "<name>", ...}} (the display-names extension), unless there are none. */
  public static JsonObject putNames(JsonObject json, List<MemberName> names) {
    if (!names.isEmpty()) {
      JsonObject byUser = new JsonObject();
      names.forEach(n -> byUser.put(n.user(), n.name()));
      json.put("names", byUser);
    }
    return json;
  }

  public static EncodedFrame message(ChatMessage m) {
    return encode(putMessage(frame("message"), m));
  }

  public static EncodedFrame ack(String room, String clientMsgId, String id, long ts) {
    return encode(frame("ack").put("room", room).put("clientMsgId", clientMsgId).put("id", id).put("ts", ts));
  }

  public static EncodedFrame presence(String room, String user, boolean online, int count) {
    return presence(room, user, null, online, count);
  }

  /** {@code name}: the user's display name (extension), or null when it has none besides its user. */
  public static EncodedFrame presence(String room, String user, String name, boolean online, int count) {
    JsonObject json = frame("presence").put("room", room).put("user", user);
    putName(json, user, name);
    return encode(json.put("status", online ? "online" : "offline").put("count", count));
  }

  public static EncodedFrame members(String room, int count) {
    return encode(frame("members").put("room", room).put("count", count));
  }

  public static EncodedFrame history(HistoryPage page) {
    return encode(frame("history").put("room", page.room()).put("messages", messages(page.messages()))
        .put("more", page.more()));
  }

  public static EncodedFrame left(String room) {
    return encode(frame("left").put("room", room));
  }

  public static EncodedFrame mood(String room, Mood mood) {
    return encode(frame("mood").put("room", room).put("mood", mood(mood)));
  }

  /** Extension: the answer to a {@code flag}, once the flag is stored. */
  public static EncodedFrame flagged(String room, String id, String label) {
    return encode(frame("flagged").put("room", room).put("id", id).put("label", label));
  }

  /** Extension: the answer to an {@code auth} frame; {@code exp} is the new token's, in seconds since the epoch. */
  public static EncodedFrame authenticated(String user, String name, long exp) {
    return encode(frame("authenticated").put("user", user).put("name", name).put("exp", exp));
  }

  /** Extension: the joined frame with the messages after the user's read marker. */
  public static EncodedFrame joined(String room, String user, Collection<String> members, List<MemberName> names,
                                    int count, List<ChatMessage> history, Mood mood, int unread) {
    return encode(joinedJson(room, user, members, names, count, history, mood).put("unread", unread));
  }

  /** Extension: a message's new text, to every member. */
  public static EncodedFrame edited(ChatMessage m) {
    JsonObject json = frame("edited").put("room", m.room()).put("id", m.id()).put("user", m.user());
    putName(json, m.user(), m.name());
    json.put("text", m.text());
    if (m.sentiment() != null) {
      json.put("sentiment", sentiment(m.sentiment()));
    }
    json.put("editedTs", m.editedTs());
    putMentions(json, m.text());
    return encode(json);
  }

  /** Extension: a message was deleted, by its author or a moderator ({@code by}). */
  public static EncodedFrame deleted(String room, String id, String by) {
    return encode(frame("deleted").put("room", room).put("id", id).put("by", by));
  }

  /** Extension: a message's reactions now. */
  public static EncodedFrame reactions(ChatMessage m) {
    return encode(frame("reactions").put("room", m.room()).put("id", m.id())
        .put("reactions", Reactions.counts(m.reactions())));
  }

  /** Extension: a member is typing. */
  public static EncodedFrame typing(String room, String user) {
    return typing(room, user, null);
  }

  /** {@code name}: the typist's display name, or null when it has none besides its user. */
  public static EncodedFrame typing(String room, String user, String name) {
    JsonObject json = frame("typing").put("room", room).put("user", user);
    putName(json, user, name);
    return encode(json);
  }

  /** Extension: the answer to {@code read}: the user's marker and what came after it. */
  public static EncodedFrame read(String room, String id, int unread) {
    return encode(frame("read").put("room", room).put("id", id).put("unread", unread));
  }

  public static EncodedFrame pong() {
    return encode(frame("pong"));
  }

  /** {@code ref} may be null: a frame that is not a JSON object with a type gets none. */
  public static EncodedFrame error(ErrorCode code, String message, String ref) {
    JsonObject json = frame("error").put("code", code.wireName()).put("message", message);
    if (ref != null) {
      json.put("ref", ref);
    }
    return encode(json);
  }

  /** The JSON of a message as history pages and the HTTP API carry it (no {@code type}). */
  public static JsonObject messageJson(ChatMessage m) {
    return putMessage(new JsonObject(), m);
  }

  private static JsonObject putMessage(JsonObject json, ChatMessage m) {
    if (m.deleted()) {
      return json.put("room", m.room()).put("id", m.id()).put("ts", m.ts()).put("deleted", true);
    }
    json.put("room", m.room()).put("id", m.id()).put("user", m.user());
    putName(json, m.user(), m.name());
    json.put("text", m.text()).put("ts", m.ts()).put("clientMsgId", m.clientMsgId());
    if (m.sentiment() != null) {
      json.put("sentiment", sentiment(m.sentiment()));
    }
    putMentions(json, m.text());
    if (m.editedTs() != null) {
      json.put("editedTs", m.editedTs());
    }
    if (!m.reactions().isEmpty()) {
      json.put("reactions", Reactions.counts(m.reactions()));
    }
    return json;
  }

  /** Extension: a display name goes out only where it says more than the user. */
  private static void putName(JsonObject json, String user, String name) {
    if (name != null && !name.equals(user)) {
      json.put("name", name);
    }
  }

  private static void putMentions(JsonObject json, String text) {
    List<String> mentions = Mentions.of(text);
    if (!mentions.isEmpty()) {
      json.put("mentions", new JsonArray(mentions));
    }
  }

  public static JsonArray messages(List<ChatMessage> messages) {
    JsonArray array = new JsonArray();
    for (ChatMessage m : messages) {
      array.add(messageJson(m));
    }
    return array;
  }

  public static JsonObject sentiment(Sentiment s) {
    return new JsonObject().put("label", s.label().wireName()).put("score", round3(s.score())).put("model", s.model());
  }

  public static JsonObject mood(Mood mood) {
    return new JsonObject().put("score", round3(mood.score())).put("positive", mood.positive())
        .put("neutral", mood.neutral()).put("negative", mood.negative()).put("window", mood.window());
  }

  private static JsonObject frame(String type) {
    return new JsonObject().put("type", type);
  }

  private static EncodedFrame encode(JsonObject json) {
    return new EncodedFrame(json.toBuffer());
  }

  private static double round3(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
