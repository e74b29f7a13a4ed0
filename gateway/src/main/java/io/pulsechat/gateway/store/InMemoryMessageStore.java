package io.pulsechat.gateway.store;

import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.HistoryPage;
import io.pulsechat.gateway.protocol.HistoryQuery;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** History in memory, for tests of other parts. Thread-safe; futures complete at once. */
public final class InMemoryMessageStore implements MessageStore {
  private final Map<String, NavigableMap<String, ChatMessage>> rooms = new ConcurrentHashMap<>();
  private volatile boolean available = true;

  /** While unavailable, append fails with {@link StoreUnavailableException}. */
  public void setAvailable(boolean available) {
    this.available = available;
  }

  @Override
  public Future<Void> append(ChatMessage message) {
    if (!available) {
      return Future.failedFuture(new StoreUnavailableException("storage is switched off"));
    }
    rooms.computeIfAbsent(message.room(), r -> new ConcurrentSkipListMap<>()).put(message.id(), message);
    return Future.succeededFuture();
  }

  @Override
  public Future<HistoryPage> history(HistoryQuery q) {
    NavigableMap<String, ChatMessage> all = rooms.getOrDefault(q.room(), new ConcurrentSkipListMap<>());
    List<ChatMessage> page = new ArrayList<>();
    boolean more;
    if (q.after() != null) {
      var newer = all.tailMap(q.after(), false);
      newer.values().stream().limit(q.limit()).forEach(page::add);
      more = newer.size() > q.limit();
    } else {
      var older = q.before() != null ? all.headMap(q.before(), false) : all;
      older.descendingMap().values().stream().limit(q.limit()).forEach(m -> page.add(0, m));
      more = older.size() > q.limit();
    }
    return Future.succeededFuture(new HistoryPage(q.room(), page, more));
  }

  @Override
  public Future<ChatMessage> findByClientMsgId(String room, String user, String clientMsgId) {
    var all = rooms.get(room);
    if (all != null) {
      for (ChatMessage m : all.values()) {
        if (m.user().equals(user) && m.clientMsgId().equals(clientMsgId)) {
          return Future.succeededFuture(m);
        }
      }
    }
    return Future.succeededFuture(null);
  }

  @Override
  public Future<Void> flush() {
    return Future.succeededFuture();
  }
}
