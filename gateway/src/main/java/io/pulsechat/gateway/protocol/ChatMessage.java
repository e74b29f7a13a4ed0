package io.pulsechat.gateway.protocol;

import io.pulsechat.sentiment.Sentiment;
import java.util.List;

/**
 * One accepted chat message, as stored and as broadcast in a {@code message} frame.
 *
 * @param id        time-sortable: within a room, string order is the order the gateway accepted messages
 * @param ts        milliseconds since the epoch, server clock
 * @param text      already stripped of leading and trailing white space
 * @param editedTs  when it was last edited (its text and sentiment are then the edit's), or null
 * @param deleted   a tombstone: the message was deleted, only its room, id and ts count
 * @param reactions who put which emoji on it; empty for none
 * @param name      what to show for the sender when it is not {@code user} (a token's name claim), or null
 */
public record ChatMessage(String room, String id, String user, String text, long ts, String clientMsgId,
                          Sentiment sentiment, Long editedTs, boolean deleted, List<Reaction> reactions,
                          String name) {

  public ChatMessage {
    reactions = reactions == null ? List.of() : reactions;
    name = name == null || name.equals(user) ? null : name;
  }

  /** A message without a display name of its own: the sender is shown as its user. */
  public ChatMessage(String room, String id, String user, String text, long ts, String clientMsgId,
                     Sentiment sentiment, Long editedTs, boolean deleted, List<Reaction> reactions) {
    this(room, id, user, text, ts, clientMsgId, sentiment, editedTs, deleted, reactions, null);
  }

  /** A message as sent: never edited, not deleted, no reactions. */
  public ChatMessage(String room, String id, String user, String text, long ts, String clientMsgId,
                     Sentiment sentiment) {
    this(room, id, user, text, ts, clientMsgId, sentiment, null, false, List.of(), null);
  }

  public ChatMessage edited(String newText, Sentiment newSentiment, long at) {
    return new ChatMessage(room, id, user, newText, ts, clientMsgId, newSentiment, at, false, reactions, name);
  }

  /** What stays of a deleted message: its place in the room's order. */
  public ChatMessage tombstone() {
    return new ChatMessage(room, id, user, "", ts, clientMsgId, null, editedTs, true, List.of(), name);
  }

  public ChatMessage withReactions(List<Reaction> next) {
    return new ChatMessage(room, id, user, text, ts, clientMsgId, sentiment, editedTs, deleted, next, name);
  }

  /** This message with the sender's display name ({@code null}, or the user itself, for none). */
  public ChatMessage withName(String displayName) {
    return new ChatMessage(room, id, user, text, ts, clientMsgId, sentiment, editedTs, deleted, reactions,
        displayName);
  }
}
