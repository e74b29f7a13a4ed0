package io.pulsechat.gateway.store;

import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.sentiment.Label;
import io.pulsechat.sentiment.Sentiment;
import java.time.Duration;
import io.pulsechat.gateway.protocol.Reactions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Maps a {@link ChatMessage} to a DynamoDB item of the messages table and back, and names the
 * table's two other kinds of item: a <em>dedup item</em> per client message id (partition key
 * {@link #dedupKey}, which no room name can equal, sort key {@link #DEDUP_SORT_KEY}, holding the
 * message's id in {@link #MSG_ID}), written in the message's transaction so a resend fails a
 * condition instead of needing a read; and a <em>tombstone</em> (only {@code room}, {@code id},
 * {@link #TOMBSTONE}, {@code expiresAt}) at a message's key, which a fence writes so that a late
 * write of a message answered "not stored" fails its condition. Reads skip tombstones.
 */
final class MessageItems {
  static final String ROOM = "room";
  static final String ID = "id";
  static final String USER = "user";
  static final String TEXT = "text";
  static final String TS = "ts";
  static final String CLIENT_MSG_ID = "clientMsgId";
  static final String SENTIMENT = "sentiment";
  static final String DEDUP = "dedup";
  static final String TOMBSTONE = "tomb";
  static final String MSG_ID = "msgId";
  /** The sort key of every dedup item: its partition key alone identifies it. */
  static final String DEDUP_SORT_KEY = "dedup";
  /** The table's TTL attribute: epoch <em>seconds</em>, as DynamoDB TTL requires. */
  static final String EXPIRES_AT = "expiresAt";
  static final String EDITED_TS = "editedTs";
  /** A message deleted by a member (unlike {@link #TOMBSTONE}, a fence's): history shows its place. */
  static final String DELETED = "deleted";
  /** Reactions as JSON, {@code {"<emoji>": ["user", ...]}}. */
  static final String REACTIONS = "reactions";
  /** The sender's display name, when it has one besides its user (a token's name claim). */
  static final String NAME = "name";

  /**
   * U+001F (unit separator) cannot occur in any part: rooms are [A-Za-z0-9_-] and users have no
   * control characters; a client message id containing one would only ever miss, never collide
   * with another user's key, because room and user come first.
   */
  private static final char SEPARATOR = '\u001f';

  private MessageItems() {
  }

  /**
   * The partition key of a dedup item, and the value of the {@code dedup} attribute that the
   * {@code byClientMsgId} index is keyed on (items written before dedup items existed carry it).
   */
  static String dedupKey(String room, String user, String clientMsgId) {
    return room + SEPARATOR + user + SEPARATOR + clientMsgId;
  }

  static Map<String, AttributeValue> key(String room, String id) {
    return Map.of(ROOM, s(room), ID, s(id));
  }

  /** The key of the dedup item of a user's client message id in a room. */
  static Map<String, AttributeValue> dedupItemKey(String room, String user, String clientMsgId) {
    return key(dedupKey(room, user, clientMsgId), DEDUP_SORT_KEY);
  }

  /** The dedup item of a message that has a client message id; expires with the message. */
  static Map<String, AttributeValue> dedupItem(ChatMessage m, Duration ttl) {
    Map<String, AttributeValue> item = new HashMap<>(dedupItemKey(m.room(), m.user(), m.clientMsgId()));
    item.put(MSG_ID, s(m.id()));
    expiry(item, m, ttl);
    return item;
  }

  /** What a fence writes at a message's key. */
  static Map<String, AttributeValue> tombstone(ChatMessage m, Duration ttl) {
    Map<String, AttributeValue> item = new HashMap<>(key(m.room(), m.id()));
    item.put(TOMBSTONE, AttributeValue.fromBool(true));
    expiry(item, m, ttl);
    return item;
  }

  /** Whether an item of the table is a message (not a tombstone or a dedup item). */
  static boolean isMessage(Map<String, AttributeValue> item) {
    return !item.containsKey(TOMBSTONE) && !item.containsKey(MSG_ID) && item.containsKey(TS);
  }

  /**
   * The item, expiring {@code ttl} after the message's {@code ts}; {@link Duration#ZERO} leaves
   * {@code expiresAt} out, which DynamoDB TTL reads as "never".
   */
  static Map<String, AttributeValue> toItem(ChatMessage m, Duration ttl) {
    Map<String, AttributeValue> item = new HashMap<>(12);
    item.put(ROOM, s(m.room()));
    item.put(ID, s(m.id()));
    item.put(USER, s(m.user()));
    item.put(TEXT, s(m.text()));
    item.put(TS, AttributeValue.fromN(Long.toString(m.ts())));
    expiry(item, m, ttl);
    if (m.clientMsgId() != null) {
      // No DEDUP attribute: the dedup item answers resends, and the index is spared a write.
      item.put(CLIENT_MSG_ID, s(m.clientMsgId()));
    }
    if (m.sentiment() != null) {
      item.put(SENTIMENT, sentiment(m.sentiment()));
    }
    if (m.name() != null) {
      item.put(NAME, s(m.name()));
    }
    return item;
  }

  private static AttributeValue sentiment(Sentiment st) {
    return AttributeValue.fromM(Map.of(
        "label", s(st.label().wireName()),
        "score", AttributeValue.fromN(Double.toString(st.score())),
        "model", s(st.model())));
  }

  /**
   * Writes what may change of a stored message (text, sentiment, edit time, deletion,
   * reactions) in place, keeping its expiry; fails its condition when no message is at the key.
   */
  static UpdateItemRequest update(String table, ChatMessage m) {
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    List<String> set = new ArrayList<>();
    List<String> remove = new ArrayList<>();
    String reactions = Reactions.encode(m.reactions());
    change(TEXT, m.deleted() ? null : s(m.text()), names, values, set, remove);
    change(SENTIMENT, m.deleted() || m.sentiment() == null ? null : sentiment(m.sentiment()), names, values, set,
        remove);
    change(EDITED_TS, m.editedTs() == null ? null : AttributeValue.fromN(Long.toString(m.editedTs())), names,
        values, set, remove);
    change(DELETED, m.deleted() ? AttributeValue.fromBool(true) : null, names, values, set, remove);
    change(REACTIONS, reactions == null ? null : s(reactions), names, values, set, remove);
    names.put("#room", ROOM);
    names.put("#tomb", TOMBSTONE);
    String expression = (set.isEmpty() ? "" : "SET " + String.join(", ", set))
        + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
    UpdateItemRequest.Builder b = UpdateItemRequest.builder().tableName(table).key(key(m.room(), m.id()))
        .updateExpression(expression.strip())
        .conditionExpression("attribute_exists(#room) AND attribute_not_exists(#tomb)")
        .expressionAttributeNames(names);
    return (values.isEmpty() ? b : b.expressionAttributeValues(values)).build();
  }

  private static void change(String attribute, AttributeValue value, Map<String, String> names,
                             Map<String, AttributeValue> values, List<String> set, List<String> remove) {
    names.put("#" + attribute, attribute);
    if (value == null) {
      remove.add("#" + attribute);
    } else {
      values.put(":" + attribute, value);
      set.add("#" + attribute + " = :" + attribute);
    }
  }

  private static void expiry(Map<String, AttributeValue> item, ChatMessage m, Duration ttl) {
    if (!ttl.isZero()) {
      long expiresAt = Math.floorDiv(m.ts(), 1000L) + ttl.toSeconds();
      item.put(EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt)));
    }
  }

  static ChatMessage fromItem(Map<String, AttributeValue> item) {
    AttributeValue edited = item.get(EDITED_TS);
    AttributeValue deleted = item.get(DELETED);
    String text = str(item, TEXT);
    return new ChatMessage(
        str(item, ROOM), str(item, ID), str(item, USER), text == null ? "" : text,
        Long.parseLong(item.get(TS).n()), str(item, CLIENT_MSG_ID), sentiment(item.get(SENTIMENT)),
        edited == null ? null : Long.parseLong(edited.n()), deleted != null && Boolean.TRUE.equals(deleted.bool()),
        Reactions.decode(str(item, REACTIONS)), str(item, NAME));
  }

  private static Sentiment sentiment(AttributeValue value) {
    if (value == null || !value.hasM()) {
      return null;
    }
    Map<String, AttributeValue> m = value.m();
    return new Sentiment(Label.fromWireName(m.get("label").s()), Double.parseDouble(m.get("score").n()),
        m.get("model").s());
  }

  private static String str(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : v.s();
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
