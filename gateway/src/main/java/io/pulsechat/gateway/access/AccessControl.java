package io.pulsechat.gateway.access;

import io.pulsechat.gateway.store.AccessStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Reads rooms' rules for every event loop of a node, through a cache: a join or a send must not
 * wait for storage each time. A rule changed on this node applies here at once; one changed on
 * another node of a fleet applies here within the cache's time to live (kicked and banned members
 * leave at once everywhere, through the room's owner). Thread-safe.
 */
public final class AccessControl {
  private record Cached(RoomPolicy policy, long loadedAt) {
  }

  private final AccessStore store;
  private final long ttlMillis;
  private final LongSupplier clock;
  private final Map<String, Cached> cache;

  /** {@code maxRooms}: rooms whose rules are kept, the least recently used going first. */
  public AccessControl(AccessStore store, Duration ttl, int maxRooms, LongSupplier clock) {
    this.store = store;
    this.ttlMillis = ttl.toMillis();
    this.clock = clock;
    this.cache = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
        return size() > maxRooms;
      }
    };
  }

  public AccessStore store() {
    return store;
  }

  public long now() {
    return clock.getAsLong();
  }

  /** The room's rules, from the cache while they are fresh. */
  public Future<RoomPolicy> policy(String room) {
    long now = clock.getAsLong();
    Cached cached;
    synchronized (cache) {
      cached = cache.get(room);
    }
    if (cached != null && now - cached.loadedAt() < ttlMillis) {
      return Future.succeededFuture(cached.policy());
    }
    return store.entries(room).map(entries -> {
      RoomPolicy policy = new RoomPolicy(room, entries);
      synchronized (cache) {
        cache.put(room, new Cached(policy, now));
      }
      return policy;
    });
  }

  /**
   * The rules of the room this node read last, however old, or null: for a decision that cannot
   * wait for storage (a delete on the room's owner, which the sender's gateway refreshed first).
   */
  public RoomPolicy lastKnown(String room) {
    synchronized (cache) {
      Cached cached = cache.get(room);
      return cached == null ? null : cached.policy();
    }
  }

  /** Drops the cached rules of a room this node just changed, so that the next read sees the change. */
  public void forget(String room) {
    synchronized (cache) {
      cache.remove(room);
    }
  }
}
