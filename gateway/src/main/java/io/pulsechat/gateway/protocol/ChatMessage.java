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
 */
public record ChatMessage(String room, String id, String user, String text, long ts, String clientMsgId,
                          Sentiment sentiment, Long editedTs, boolean deleted, List<Reaction> reactions) {

  public ChatMessage {
    reactions = reactions == null ? List.of() : reactions;
  }

  /** A message as sent: never edited, not deleted, no reactions. */
  public ChatMessage(String room, String id, String user, String text, long ts, String clientMsgId,
                     Sentiment sentiment) {
    this(room, id, user, text, ts, clientMsgId, sentiment, null, false, List.of());
  }

  public ChatMessage edited(String newText, Sentiment newSentiment, long at) {
    return new ChatMessage(room, id, user, newText, ts, clientMsgId, newSentiment, at, false, reactions);
  }

  /** What stays of a deleted message: its place in the room's order. */
  public ChatMessage tombstone() {
    return new ChatMessage(room, id, user, "", ts, clientMsgId, null, editedTs, true, List.of());
  }

  public ChatMessage withReactions(List<Reaction> next) {
    return new ChatMessage(room, id, user, text, ts, clientMsgId, sentiment, editedTs, deleted, next);
  }
}
