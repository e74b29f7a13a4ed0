package io.pulsechat.gateway.store;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** The in-memory twin of {@link DynamoDbMoodStore}, for tests and the interim embedded mode. */
public final class InMemoryMoodStore implements MoodStore {
  private final Map<String, ConcurrentSkipListMap<Long, Minute>> rooms = new ConcurrentHashMap<>();

  @Override
  public Future<Void> save(List<Minute> minutes) {
    for (Minute m : minutes) {
      rooms.computeIfAbsent(m.room(), r -> new ConcurrentSkipListMap<>()).put(m.t(), m);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<List<Minute>> since(String room, long fromT) {
    ConcurrentSkipListMap<Long, Minute> minutes = rooms.get(room);
    return Future.succeededFuture(minutes == null ? List.of() : new ArrayList<>(minutes.tailMap(fromT).values()));
  }
}
