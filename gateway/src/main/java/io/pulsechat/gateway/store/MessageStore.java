package io.pulsechat.gateway.store;

import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.HistoryPage;
import io.pulsechat.gateway.protocol.HistoryQuery;
import io.vertx.core.Future;

/**
 * Durable chat history.
 *
 * <p>All futures complete on the Vert.x context that called the method, never on a storage
 * client's own thread, so callers may touch their event-loop state in the handlers.
 */
public interface MessageStore {

  /**
   * Stores one message. The future succeeds only once the message is durable; it fails with
   * {@link StoreUnavailableException} when storage cannot take the message now (queue full,
   * storage down, retries exhausted), in which case nothing was stored. Storing the same
   * message twice (same room and id) leaves one row.
   */
  Future<Void> append(ChatMessage message);

  /**
   * Stores the message unless its sender already stored the same client message id in the room,
   * and completes with what is stored under that id: this message, or the earlier one (which is
   * then not stored again). Fails as {@link #append} does. The default asks
   * {@link #findByClientMsgId} first; a store that notices the conflict in the write itself
   * overrides it and saves that read.
   */
  default Future<ChatMessage> appendOnce(ChatMessage message) {
    if (message.clientMsgId() == null) {
      return append(message).map(message);
    }
    return findByClientMsgId(message.room(), message.user(), message.clientMsgId())
        .compose(earlier -> earlier != null ? Future.succeededFuture(earlier) : append(message).map(message));
  }

  /** A page of history, oldest first; see {@link HistoryQuery}. */
  Future<HistoryPage> history(HistoryQuery query);

  /**
   * The message a user already stored in a room under this client message id, or {@code null}.
   * Used to answer a resend with the original ack after the gateway lost its memory of it.
   */
  Future<ChatMessage> findByClientMsgId(String room, String user, String clientMsgId);

  /**
   * The stored message with this id in the room, or {@code null}. The default reads the one-message
   * history page that ends at it: '~' sorts after every character of an id, so the newest
   * message before {@code id + "~"} is the message itself when it is stored.
   */
  default Future<ChatMessage> find(String room, String id) {
    return history(new HistoryQuery(room, id + "~", null, 1))
        .map(page -> page.messages().stream().filter(m -> m.id().equals(id)).findFirst().orElse(null));
  }

  /**
   * Writes what may change of a stored message (an edit, a delete's tombstone, reactions): its
   * text, sentiment, {@code editedTs}, {@code deleted} and reactions, by room and id. Fails with
   * {@link StoreUnavailableException} when storage cannot take it now; then nothing changed.
   * History and {@link #find} return the message as last updated.
   */
  Future<Void> update(ChatMessage message);

  /**
   * How many messages of the room after {@code id} are not deleted, counting up to {@code cap}.
   * The default reads history pages after it, at most {@code cap} messages.
   */
  default Future<Integer> countAfter(String room, String id, int cap) {
    return countAfter(room, id, cap, 0);
  }

  private Future<Integer> countAfter(String room, String id, int cap, int counted) {
    int limit = Math.min(HistoryQuery.MAX_LIMIT, cap - counted);
    return history(new HistoryQuery(room, null, id, limit)).compose(page -> {
      int n = counted + (int) page.messages().stream().filter(m -> !m.deleted()).count();
      if (!page.more() || n >= cap || page.messages().isEmpty()) {
        return Future.succeededFuture(Math.min(n, cap));
      }
      return countAfter(room, page.messages().get(page.messages().size() - 1).id(), cap, n);
    });
  }

  /** Whether storage is failing writes now; /health reports it. */
  default boolean writesFailing() {
    return false;
  }

  /** Stores what is queued, then stops taking messages. */
  Future<Void> flush();
}
