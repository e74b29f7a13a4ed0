package io.pulsechat.gateway.store;

import io.pulsechat.gateway.vertx.CallerContext;
import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.HistoryPage;
import io.pulsechat.gateway.protocol.HistoryQuery;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A {@link MessageStore} in a map, for tests of the hub and the HTTP routes: the same paging
 * and idempotency as {@link DynamoDbMessageStore}, plus failure injection. Thread-safe (one
 * lock), so verticles on several event loops may share one instance.
 */
public final class InMemoryMessageStore implements MessageStore {
  private final Map<String, NavigableMap<String, ChatMessage>> rooms = new TreeMap<>();
  private final Map<String, ChatMessage> byClientMsgId = new TreeMap<>();
  private final List<Held> held = new ArrayList<>();
  private boolean available = true;
  private boolean holding;
  private boolean closed;
  private int appendCalls;

  /** While false, {@link #append} fails with {@link StoreUnavailableException} and stores nothing. */
  public synchronized void setAvailable(boolean available) {
    this.available = available;
  }

  /** From now on appends stay pending (not stored, not acked) until {@link #releaseAppends()}. */
  public synchronized void holdAppends() {
    holding = true;
  }

  /** Stores the held appends in arrival order and completes their futures; stops holding. */
  public void releaseAppends() {
    List<Held> released;
    synchronized (this) {
      holding = false;
      released = new ArrayList<>(held);
      held.clear();
      released.forEach(h -> put(h.message));
    }
    released.forEach(h -> CallerContext.run(h.caller, h.promise::complete));
  }

  /** Appends currently held by {@link #holdAppends()}. */
  public synchronized int heldAppends() {
    return held.size();
  }

  /** Every call of {@link #append}, refused ones included. */
  public synchronized int appendCalls() {
    return appendCalls;
  }

  /** Rows stored in a room. */
  public synchronized int size(String room) {
    NavigableMap<String, ChatMessage> messages = rooms.get(room);
    return messages == null ? 0 : messages.size();
  }

  @Override
  public synchronized Future<Void> append(ChatMessage message) {
    appendCalls++;
    if (closed) {
      return Future.failedFuture(new StoreUnavailableException("the message store is shutting down"));
    }
    if (!available) {
      return Future.failedFuture(new StoreUnavailableException("storage is unavailable (simulated)"));
    }
    if (holding) {
      Held h = new Held(message, Vertx.currentContext(), Promise.promise());
      held.add(h);
      return h.promise.future();
    }
    put(message);
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<HistoryPage> history(HistoryQuery query) {
    try {
      HistoryQueries.check(query);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    NavigableMap<String, ChatMessage> all = rooms.getOrDefault(query.room(), Collections.emptyNavigableMap());
    NavigableMap<String, ChatMessage> range = HistoryQueries.ascending(query) ? all.tailMap(query.after(), false)
        : query.before() != null ? all.headMap(query.before(), false).descendingMap()
        : all.descendingMap();
    List<ChatMessage> read = new ArrayList<>(query.limit() + 1);
    for (ChatMessage m : range.values()) {
      if (read.size() > query.limit()) {
        break;
      }
      read.add(m);
    }
    return Future.succeededFuture(HistoryQueries.page(query, read));
  }

  @Override
  public synchronized Future<Void> update(ChatMessage message) {
    if (!available) {
      return Future.failedFuture(new StoreUnavailableException("storage is unavailable (simulated)"));
    }
    NavigableMap<String, ChatMessage> messages = rooms.get(message.room());
    if (messages != null && messages.containsKey(message.id())) {
      messages.put(message.id(), message);
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<ChatMessage> findByClientMsgId(String room, String user, String clientMsgId) {
    return Future.succeededFuture(byClientMsgId.get(MessageItems.dedupKey(room, user, clientMsgId)));
  }

  /** Stops taking messages; completes once held appends were released. */
  @Override
  public Future<Void> flush() {
    Promise<Void> done = Promise.promise();
    synchronized (this) {
      closed = true;
      if (!held.isEmpty()) {
        Future.all(held.stream().map(h -> h.promise.future()).toList()).onComplete(ar -> done.complete());
        return done.future();
      }
    }
    return Future.succeededFuture();
  }

  private void put(ChatMessage message) {
    rooms.computeIfAbsent(message.room(), r -> new TreeMap<>()).put(message.id(), message);
    if (message.clientMsgId() != null) {
      byClientMsgId.putIfAbsent(MessageItems.dedupKey(message.room(), message.user(), message.clientMsgId()), message);
    }
  }

  private record Held(ChatMessage message, Context caller, Promise<Void> promise) {
  }
}
