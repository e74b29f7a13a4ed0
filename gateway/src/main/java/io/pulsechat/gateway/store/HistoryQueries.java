package io.pulsechat.gateway.store;

import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.HistoryPage;
import io.pulsechat.gateway.protocol.HistoryQuery;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What every {@link MessageStore} does with a {@link HistoryQuery}: the checks before reading, the
 * direction and bound of the read, and the page made of what was read.
 */
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

  /** Whether the query reads forwards (after an id) rather than backwards from the newest or a before id. */
  static boolean ascending(HistoryQuery query) {
    return query.after() != null;
  }

  /** The id the read starts beyond, or null for the newest messages. */
  static String bound(HistoryQuery query) {
    return ascending(query) ? query.after() : query.before();
  }

  /**
   * The page from up to {@code limit + 1} messages read in the query's direction: one more than
   * asked tells whether more remain that way; the page itself is in chronological order.
   */
  static HistoryPage page(HistoryQuery query, List<ChatMessage> readInQueryOrder) {
    boolean more = readInQueryOrder.size() > query.limit();
    List<ChatMessage> page = new ArrayList<>(more ? readInQueryOrder.subList(0, query.limit()) : readInQueryOrder);
    if (!ascending(query)) {
      Collections.reverse(page);
    }
    return new HistoryPage(query.room(), List.copyOf(page), more);
  }
}
