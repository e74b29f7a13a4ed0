package io.pulsechat.gateway.protocol;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * Turns a text frame into a validated {@link ClientFrame}, or throws a {@link ProtocolException}
 * carrying the error code and {@code ref} that PROTOCOL.md prescribes.
 */
public final class FrameDecoder {
  /** A guest key is a random secret; 16 to 128 visible ASCII characters hold enough of one. */
  static final int MIN_GUEST_KEY = 16;
  static final int MAX_GUEST_KEY = 128;
  /** Longer is not a JWT the gateway would accept (TokenVerifier refuses it unread). */
  static final int MAX_TOKEN = 8192;

  /** The actions of a moderate frame. */
  public static final java.util.List<String> MODERATION = java.util.List.of("kick", "ban", "unban", "mute", "unmute");
  /** A ban or mute lasts at most a year; leaving seconds out makes it last for good. */
  public static final long MAX_MODERATION_SECONDS = 366L * 24 * 3600;

  private final int maxTextChars;
  private final int maxUserChars;

  public FrameDecoder(int maxTextChars) {
    this(maxTextChars, Names.MAX_USER);
  }

  /** {@code maxUserChars}: a token's sub may be longer than a chosen name ({@link Names#MAX_TOKEN_USER}). */
  public FrameDecoder(int maxTextChars, int maxUserChars) {
    this.maxTextChars = maxTextChars;
    this.maxUserChars = maxUserChars;
  }

  public ClientFrame decode(String text) {
    Object decoded;
    try {
      decoded = Json.decodeValue(text);
    } catch (DecodeException e) {
      decoded = null;
    }
    if (!(decoded instanceof JsonObject json)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "frame is not a JSON object", null);
    }
    if (!(json.getValue("type") instanceof String type)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "frame has no string field 'type'", null);
    }
    return switch (type) {
      case "join" -> new ClientFrame.Join(room(json, type), user(json), guestKey(json));
      case "auth" -> auth(json);
      case "send" -> send(json);
      case "leave" -> new ClientFrame.Leave(room(json, type));
      case "history" -> history(json);
      case "ping" -> new ClientFrame.Ping();
      case "flag" -> flag(json);
      case "create" -> new ClientFrame.Create(room(json, type));
      case "grant" -> grant(json);
      case "moderate" -> moderate(json);
      case "edit" -> new ClientFrame.Edit(room(json, type), messageId(json, type), text(json, type));
      case "delete" -> new ClientFrame.Delete(room(json, type), messageId(json, type));
      case "react", "unreact" -> new ClientFrame.React(room(json, type), messageId(json, type), emoji(json, type),
          type.equals("react"));
      case "typing" -> new ClientFrame.Typing(room(json, type));
      case "read" -> new ClientFrame.Read(room(json, type), messageId(json, type));
      default -> throw new ProtocolException(ErrorCode.BAD_REQUEST, "unknown type '" + type + "'", type);
    };
  }

  private ClientFrame.Send send(JsonObject json) {
    Object id = json.getValue("clientMsgId");
    String ref = id instanceof String s && !s.isEmpty() ? s : "send";
    if (!(id instanceof String clientMsgId) || clientMsgId.isEmpty()
        || Names.codePoints(clientMsgId) > Names.MAX_CLIENT_MSG_ID) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "clientMsgId must be a string of 1 to "
          + Names.MAX_CLIENT_MSG_ID + " characters", ref);
    }
    if (!Names.isStorableText(clientMsgId)) {
      // Not echoed: a lone surrogate cannot be written as UTF-8.
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "clientMsgId must not contain NUL or a lone surrogate",
          "send");
    }
    String room = room(json, ref);
    return new ClientFrame.Send(room, text(json, ref), clientMsgId);
  }

  /** A message text as {@code send} takes it, stripped; the rules hold for {@code edit} too. */
  private String text(JsonObject json, String ref) {
    if (!(json.getValue("text") instanceof String raw)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "text must be a string", ref);
    }
    if (!Names.isStorableText(raw)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "text must not contain NUL or a lone surrogate", ref);
    }
    String text = raw.strip();
    if (text.isEmpty()) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "text is empty after trimming", ref);
    }
    if (Names.codePoints(text) > maxTextChars) {
      throw new ProtocolException(ErrorCode.TOO_LARGE, "text is longer than " + maxTextChars + " characters", ref);
    }
    return text;
  }

  private static String messageId(JsonObject json, String ref) {
    if (!(json.getValue("id") instanceof String id) || !Names.isPlausibleMessageId(id)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "id must be a message id", ref);
    }
    return id;
  }

  private static String emoji(JsonObject json, String ref) {
    if (!(json.getValue("emoji") instanceof String emoji) || !Emoji.isOne(emoji)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "emoji must be exactly one emoji", ref);
    }
    return emoji;
  }

  private ClientFrame.History history(JsonObject json) {
    String room = room(json, "history");
    String before = optionalId(json, "before");
    String after = optionalId(json, "after");
    if (before != null && after != null) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "give either before or after, not both", "history");
    }
    int limit = HistoryQuery.DEFAULT_LIMIT;
    Object rawLimit = json.getValue("limit");
    if (rawLimit != null) {
      if (!(rawLimit instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
          || n.doubleValue() < 1 || n.doubleValue() > HistoryQuery.MAX_LIMIT) {
        throw new ProtocolException(ErrorCode.BAD_REQUEST,
            "limit must be a whole number from 1 to " + HistoryQuery.MAX_LIMIT, "history");
      }
      limit = n.intValue();
    }
    return new ClientFrame.History(new HistoryQuery(room, before, after, limit));
  }

  private static ClientFrame.Flag flag(JsonObject json) {
    String room = room(json, "flag");
    String id = messageId(json, "flag");
    if (!(json.getValue("label") instanceof String label)
        || !(label.equals("positive") || label.equals("neutral") || label.equals("negative"))) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "label must be positive, neutral or negative", "flag");
    }
    return new ClientFrame.Flag(room, id, label);
  }

  private ClientFrame.Grant grant(JsonObject json) {
    String room = room(json, "grant");
    String user = target(json, "grant");
    Object role = json.getValue("role");
    if (!("member".equals(role) || "moderator".equals(role) || "none".equals(role))) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "role must be member, moderator or none", "grant");
    }
    return new ClientFrame.Grant(room, user, "none".equals(role) ? null : (String) role);
  }

  private ClientFrame.Moderate moderate(JsonObject json) {
    String room = room(json, "moderate");
    String user = target(json, "moderate");
    if (!(json.getValue("action") instanceof String action) || !MODERATION.contains(action)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "action must be one of " + String.join(", ", MODERATION),
          "moderate");
    }
    long seconds = 0;
    Object raw = json.getValue("seconds");
    if (raw != null) {
      if (!(raw instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 1
          || n.doubleValue() > MAX_MODERATION_SECONDS) {
        throw new ProtocolException(ErrorCode.BAD_REQUEST, "seconds must be a whole number from 1 to "
            + MAX_MODERATION_SECONDS + " (leave it out for good)", "moderate");
      }
      seconds = n.longValue();
    }
    return new ClientFrame.Moderate(room, user, action, seconds);
  }

  /** The user a grant or moderate frame acts on: a name under the rules of a join's. */
  private String target(JsonObject json, String ref) {
    try {
      return user(json);
    } catch (ProtocolException e) {
      throw new ProtocolException(e.code(), e.getMessage(), ref);
    }
  }

  private static String optionalId(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String id) || !Names.isPlausibleMessageId(id)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, field + " must be a message id", "history");
    }
    return id;
  }

  private static String room(JsonObject json, String ref) {
    if (!(json.getValue("room") instanceof String room) || !Names.isValidRoom(room)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST,
          "room must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'", ref);
    }
    return room;
  }

  private static String guestKey(JsonObject json) {
    Object value = json.getValue("guestKey");
    if (value == null) {
      return null;
    }
    if (!(value instanceof String key) || key.length() < MIN_GUEST_KEY || key.length() > MAX_GUEST_KEY
        || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "guestKey must be " + MIN_GUEST_KEY + " to " + MAX_GUEST_KEY
          + " visible ASCII characters", "join");
    }
    return key;
  }

  private static ClientFrame.Auth auth(JsonObject json) {
    if (!(json.getValue("token") instanceof String token) || token.isEmpty() || token.length() > MAX_TOKEN) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "token must be a string of 1 to " + MAX_TOKEN
          + " characters", "auth");
    }
    return new ClientFrame.Auth(token);
  }

  private String user(JsonObject json) {
    String user = json.getValue("user") instanceof String raw ? Names.normalizeUser(raw) : null;
    if (!Names.isValidUser(user, maxUserChars)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "user must be 1 to " + maxUserChars
          + " characters a person can see:"
          + " no control or format characters (such as bidi controls or zero-width characters), no separator"
          + " other than the plain space, no lone surrogate, no space at either end", "join");
    }
    return user;
  }
}
