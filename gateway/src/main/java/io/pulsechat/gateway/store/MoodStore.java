package io.pulsechat.gateway.store;

import io.vertx.core.Future;
import java.util.List;

/**
 * Durable per-minute mood buckets of rooms, written by each room's owner. Futures complete on
 * the caller's Vert.x context.
 */
public interface MoodStore {

  /**
   * One minute of one room: absolute totals, so writing the same minute again replaces it
   * (retries and repeated flushes are harmless).
   *
   * @param t the minute's start, epoch milliseconds
   */
  record Minute(String room, long t, double scoreSum, int positive, int neutral, int negative) {
    public int messages() {
      return positive + neutral + negative;
    }
  }

  /** Stores the minutes, replacing earlier versions of the same (room, t); batched by the store. */
  Future<Void> save(List<Minute> minutes);

  /** A room's minutes with {@code t >= fromT}, oldest first. */
  Future<List<Minute>> since(String room, long fromT);
}
