package io.pulsechat.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes messages, mood minutes and the rooms' logs of moderation actions and sentiment alerts
 * older than the retention ({@code CHAT_MESSAGE_TTL_DAYS}; a room's rules stay),
 * oldest first, in transactions of at most {@link #BATCH} rows each queued on the writer like
 * any other write: a batch of messages waits for one short delete at most, never for a sweep of
 * the whole table.
 */
final class SqliteExpiry {
  static final int BATCH = 500;
  private static final Logger log = LoggerFactory.getLogger(SqliteExpiry.class);
  /** One delete per table, each taking the oldest {@link #BATCH} expired rows. */
  private static final java.util.List<String> DELETES = java.util.List.of(
      "DELETE FROM messages WHERE (room, id) IN (SELECT room, id FROM messages WHERE ts < ? ORDER BY ts LIMIT "
          + BATCH + ")",
      "DELETE FROM mood WHERE (room, t) IN (SELECT room, t FROM mood WHERE t < ? ORDER BY t LIMIT " + BATCH + ")",
      "DELETE FROM access WHERE (room, kind, subject) IN (SELECT room, kind, subject FROM access"
          + " WHERE kind IN ('action', 'alert') AND at < ? ORDER BY at LIMIT " + BATCH + ")");

  private final SqliteDatabase db;
  private final Duration retention;
  private final LongSupplier clock;
  private boolean running;

  SqliteExpiry(SqliteDatabase db, Duration retention, LongSupplier clock) {
    this.db = db;
    this.retention = retention;
    this.clock = clock;
  }

  /** Sweeps now and then every {@code period}; returns the timer id, or -1 when retention is unlimited. */
  long start(Vertx vertx, Duration period) {
    if (retention.isZero()) {
      return -1;
    }
    sweep();
    return vertx.setPeriodic(period.toMillis(), id -> sweep());
  }

  /** Deletes everything expired; completes with the rows deleted. A sweep still running is not doubled. */
  Future<Integer> sweep() {
    if (running) {
      return Future.succeededFuture(0);
    }
    running = true;
    long cutoff = clock.getAsLong() - retention.toMillis();
    return deleteFrom(0, cutoff, 0)
        .onSuccess(n -> {
          if (n > 0) {
            log.info("Deleted {} rows older than {} days", n, retention.toDays());
          }
        })
        .onFailure(e -> log.warn("Deleting expired rows failed; trying again at the next sweep: {}", e.toString()))
        .onComplete(ar -> running = false);
  }

  private Future<Integer> deleteFrom(int table, long cutoff, int deleted) {
    if (table >= DELETES.size()) {
      return Future.succeededFuture(deleted);
    }
    return db.transaction(c -> {
      try (PreparedStatement s = c.prepareStatement(DELETES.get(table))) {
        s.setLong(1, cutoff);
        return s.executeUpdate();
      }
    }).compose(n -> deleteFrom(n == BATCH ? table : table + 1, cutoff, deleted + n));
  }
}
