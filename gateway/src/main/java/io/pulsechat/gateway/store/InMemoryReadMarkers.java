package io.pulsechat.gateway.store;

import io.vertx.core.Future;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link ReadMarkers} in a map, for tests of other parts. Thread-safe (one lock). */
public final class InMemoryReadMarkers implements ReadMarkers {
  private final Map<String, Map<String, Marker>> byUser = new HashMap<>();

  @Override
  public synchronized Future<String> mark(String user, String room, String id, long now) {
    Map<String, Marker> mine = byUser.computeIfAbsent(user, u -> new HashMap<>());
    Marker held = mine.get(room);
    if (held == null || held.id().compareTo(id) < 0) {
      mine.put(room, new Marker(room, id, now));
      return Future.succeededFuture(id);
    }
    return Future.succeededFuture(held.id());
  }

  @Override
  public synchronized Future<String> marker(String user, String room) {
    Marker held = byUser.getOrDefault(user, Map.of()).get(room);
    return Future.succeededFuture(held == null ? null : held.id());
  }

  @Override
  public synchronized Future<List<Marker>> markers(String user, int max) {
    return Future.succeededFuture(byUser.getOrDefault(user, Map.of()).values().stream()
        .sorted(Comparator.comparingLong(Marker::ts).reversed()).limit(max).toList());
  }
}
