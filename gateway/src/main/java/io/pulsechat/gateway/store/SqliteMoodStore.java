package io.pulsechat.gateway.store;

import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link MoodStore} on the {@code mood} table of a {@link SqliteDatabase}: a save is one
 * transaction on the writer; a minute written again replaces the row.
 */
public final class SqliteMoodStore implements MoodStore {
  private final SqliteDatabase db;

  public SqliteMoodStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public Future<Void> save(List<Minute> minutes) {
    if (minutes.isEmpty()) {
      return Future.succeededFuture();
    }
    return db.transaction(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "INSERT OR REPLACE INTO mood (room, t, score_sum, positive, neutral, negative) VALUES (?, ?, ?, ?, ?, ?)")) {
        for (Minute m : minutes) {
          s.setString(1, m.room());
          s.setLong(2, m.t());
          s.setDouble(3, m.scoreSum());
          s.setInt(4, m.positive());
          s.setInt(5, m.neutral());
          s.setInt(6, m.negative());
          s.executeUpdate();
        }
      }
      return null;
    });
  }

  @Override
  public Future<List<Minute>> since(String room, long fromT) {
    return db.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT room, t, score_sum, positive, neutral, negative"
          + " FROM mood WHERE room = ? AND t >= ? ORDER BY t")) {
        s.setString(1, room);
        s.setLong(2, fromT);
        List<Minute> minutes = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            minutes.add(new Minute(r.getString(1), r.getLong(2), r.getDouble(3), r.getInt(4), r.getInt(5),
                r.getInt(6)));
          }
        }
        return minutes;
      }
    });
  }
}
