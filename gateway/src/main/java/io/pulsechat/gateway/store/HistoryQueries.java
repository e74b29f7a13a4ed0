package io.pulsechat.gateway.store;

import io.pulsechat.gateway.protocol.HistoryQuery;

/** The checks every {@link MessageStore} applies to a {@link HistoryQuery} before reading. */
final class HistoryQueries {
  private HistoryQueries() {
  }

  /** @throws IllegalArgumentException when the query is out of the protocol's range */
  static void check(HistoryQuery query) {
    if (query.room() == null || query.room().isEmpty()) {
      throw new IllegalArgumentException("history needs a room");
    }
    if (query.limit() < 1 || query.limit() > HistoryQuery.MAX_LIMIT) {
      throw new IllegalArgumentException("history limit must lie in 1.." + HistoryQuery.MAX_LIMIT + ", was " + query.limit());
    }
    if (query.before() != null && query.after() != null) {
      throw new IllegalArgumentException("history takes before or after, not both");
    }
  }
}
