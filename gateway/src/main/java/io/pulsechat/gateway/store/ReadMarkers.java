package io.pulsechat.gateway.store;

import io.vertx.core.Future;
import java.util.List;

/**
 * Each user's read marker per room: the newest message id they have seen. A marker only moves
 * forward (ids sort in a room's order). Futures complete on the caller's context.
 */
public interface ReadMarkers {

  /** A user's marker in one room, and when it last moved (ms since the epoch). */
  record Marker(String room, String id, long ts) {
  }

  /** Moves the user's marker in the room to {@code id} unless it is there or further; completes with the marker now. */
  Future<String> mark(String user, String room, String id, long now);

  /** The user's marker in the room, or null. */
  Future<String> marker(String user, String room);

  /** The user's markers, the most recently moved first, at most {@code max}. */
  Future<List<Marker>> markers(String user, int max);
}
