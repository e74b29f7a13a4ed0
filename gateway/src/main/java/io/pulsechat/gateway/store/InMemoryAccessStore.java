package io.pulsechat.gateway.store;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/** The in-memory twin of {@link DynamoDbAccessStore}, for tests of other parts and the in-memory store. */
public final class InMemoryAccessStore implements AccessStore {
  private final ConcurrentSkipListMap<String, Entry> entries = new ConcurrentSkipListMap<>();

  private static String key(String room, Kind kind, String subject) {
    return room + '\u001f' + kind.wire() + '\u001f' + subject;
  }

  @Override
  public Future<List<Entry>> entries(String room) {
    List<Entry> found = new ArrayList<>();
    entries.subMap(room + '\u001f', room + '\u0020').values().forEach(e -> {
      if (!e.kind().logged()) {
        found.add(e);
      }
    });
    return Future.succeededFuture(found);
  }

  @Override
  public Future<Void> put(Entry entry) {
    entries.put(key(entry.room(), entry.kind(), entry.subject()), entry);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> remove(String room, Kind kind, String subject) {
    entries.remove(key(room, kind, subject));
    return Future.succeededFuture();
  }

  @Override
  public Future<List<Entry>> log(String room, Kind kind, int limit) {
    String prefix = key(room, kind, "");
    List<Entry> found = new ArrayList<>();
    for (Entry e : entries.subMap(prefix, prefix + '\uffff').descendingMap().values()) {
      if (found.size() == limit) {
        break;
      }
      found.add(e);
    }
    return Future.succeededFuture(found);
  }
}
