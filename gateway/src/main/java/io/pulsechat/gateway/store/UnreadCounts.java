package io.pulsechat.gateway.store;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Read markers with what came after them: the messages of a room after a user's marker that are
 * not deleted, counted up to {@link #CAP} (PROTOCOL.md, "Read markers"). For sessions and the
 * HTTP API alike.
 */
public final class UnreadCounts {
  /** Unread messages are counted up to this many; a client shows "999+". */
  public static final int CAP = 1000;

  /** A user's marker in a room and the messages after it. */
  public record RoomUnread(String room, String id, int unread) {
  }

  private final ReadMarkers reads;
  private final MessageStore store;

  public UnreadCounts(ReadMarkers reads, MessageStore store) {
    this.reads = reads;
    this.store = store;
  }

  /** The messages after the user's marker in the room; 0 when the user has none there. */
  public Future<Integer> in(String user, String room) {
    return reads.marker(user, room)
        .compose(marker -> marker == null ? Future.succeededFuture(0) : store.countAfter(room, marker, CAP));
  }

  /**
   * Moves the user's marker forward to message {@code id} of the room; null when the room has no
   * such message (nothing changed).
   */
  public Future<RoomUnread> mark(String user, String room, String id) {
    return store.find(room, id).compose(message -> message == null ? Future.succeededFuture()
        : reads.mark(user, room, id, System.currentTimeMillis())
            .compose(marker -> store.countAfter(room, marker, CAP).map(n -> new RoomUnread(room, marker, n))));
  }

  /** The rooms the user marked, the most recently marked first, at most {@code max}, with their counts. */
  public Future<List<RoomUnread>> rooms(String user, int max) {
    return reads.markers(user, max).compose(markers -> {
      List<Future<Integer>> counts = new ArrayList<>(markers.size());
      markers.forEach(m -> counts.add(store.countAfter(m.room(), m.id(), CAP)));
      return Future.all(counts).map(all -> {
        List<RoomUnread> rooms = new ArrayList<>(markers.size());
        for (int i = 0; i < markers.size(); i++) {
          rooms.add(new RoomUnread(markers.get(i).room(), markers.get(i).id(), all.<Integer>resultAt(i)));
        }
        return rooms;
      });
    });
  }
}
