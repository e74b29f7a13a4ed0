package io.pulsechat.gateway.store;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/** The in-memory twin of {@link DynamoDbFeedbackStore}. */
public final class InMemoryFeedbackStore implements FeedbackStore {
  private final ConcurrentSkipListMap<String, Flag> flags = new ConcurrentSkipListMap<>();

  @Override
  public Future<Void> put(Flag flag) {
    flags.put(flag.room() + '\u001f' + DynamoDbFeedbackStore.sortKey(flag), flag);
    return Future.succeededFuture();
  }

  @Override
  public Future<List<Flag>> all() {
    return Future.succeededFuture(new ArrayList<>(flags.values()));
  }
}
