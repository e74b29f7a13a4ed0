package io.pulsechat.gateway.events;

import io.pulsechat.gateway.hub.insights.SentimentAlert;
import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.Mood;
import io.pulsechat.gateway.protocol.ServerFrames;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * One event for the stack's bus: source {@value #SOURCE}, a detail-type, and a JSON detail.
 *
 * @param detailType one of {@link #MESSAGE_CREATED}, {@link #SENTIMENT_ALERT}, {@link #MODEL_TRAINING_COMPLETED},
 *                   {@link #MODERATION_ACTION}
 * @param detail     the JSON object EventBridge delivers as {@code detail}
 */
public record ChatEvent(String detailType, String detail) {
  public static final String SOURCE = "pulsechat";
  public static final String MESSAGE_CREATED = "MessageCreated";
  public static final String SENTIMENT_ALERT = "SentimentAlert";
  public static final String MODEL_TRAINING_COMPLETED = "ModelTrainingCompleted";
  /** A moderator kicked, banned, muted (or lifted a ban or mute of) a user of a room. */
  public static final String MODERATION_ACTION = "ModerationAction";

  /** A message was stored and released to its room; carries the message as clients see it. */
  public static ChatEvent messageCreated(ChatMessage message) {
    return new ChatEvent(MESSAGE_CREATED, ServerFrames.messageJson(message).encode());
  }

  /** A room's mood crossed the alert threshold (the stack mails SentimentAlert to the admin). */
  public static ChatEvent sentimentAlert(String room, Mood mood, double threshold) {
    return new ChatEvent(SENTIMENT_ALERT, new JsonObject().put("room", room).put("mood", ServerFrames.mood(mood))
        .put("threshold", threshold).encode());
  }

  /** As above, naming the negative messages that drove it (id, user, text, sentiment), for moderators. */
  public static ChatEvent sentimentAlert(SentimentAlert alert) {
    return new ChatEvent(SENTIMENT_ALERT, alertJson(alert).encode());
  }

  /** An alert as its event, the alert log and {@code GET /api/rooms/{room}/alerts} carry it. */
  public static JsonObject alertJson(SentimentAlert alert) {
    return new JsonObject().put("room", alert.room()).put("mood", ServerFrames.mood(alert.mood()))
        .put("threshold", alert.threshold()).put("at", alert.at())
        .put("messages", ServerFrames.messages(alert.messages()));
  }

  /** A model version was trained and published, e.g. for gateways to load it. */
  public static ChatEvent modelTrainingCompleted(String modelVersion, String location) {
    return new ChatEvent(MODEL_TRAINING_COMPLETED,
        new JsonObject().put("model", modelVersion).put("location", location).encode());
  }

  /**
   * The entry's size as EventBridge counts it against the request limit: 14 bytes for the time,
   * plus the UTF-8 bytes of source, detail-type and detail (eb-putevent-size).
   */
  public int entrySize() {
    return 14 + SOURCE.length() + utf8(detailType) + utf8(detail);
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
