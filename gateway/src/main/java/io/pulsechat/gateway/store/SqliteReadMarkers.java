package io.pulsechat.gateway.store;

import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** {@link ReadMarkers} in the {@code read_markers} table of a {@link SqliteDatabase}. */
public final class SqliteReadMarkers implements ReadMarkers {
  // The upsert moves a marker only forward: an older id leaves the stored one.
  private static final String MARK = "INSERT INTO read_markers (user, room, id, ts) VALUES (?, ?, ?, ?)"
      + " ON CONFLICT (user, room) DO UPDATE SET id = excluded.id, ts = excluded.ts WHERE excluded.id > id";
  private static final String ONE = "SELECT id FROM read_markers WHERE user = ? AND room = ?";
  private static final String LATEST = "SELECT room, id, ts FROM read_markers WHERE user = ? ORDER BY ts DESC LIMIT ?";

  private final SqliteDatabase db;

  public SqliteReadMarkers(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public Future<String> mark(String user, String room, String id, long now) {
    return db.transaction(c -> {
      try (PreparedStatement s = c.prepareStatement(MARK)) {
        s.setString(1, user);
        s.setString(2, room);
        s.setString(3, id);
        s.setLong(4, now);
        s.executeUpdate();
      }
      return one(c, user, room);
    });
  }

  @Override
  public Future<String> marker(String user, String room) {
    return db.read(c -> one(c, user, room));
  }

  private static String one(java.sql.Connection c, String user, String room) throws java.sql.SQLException {
    try (PreparedStatement s = c.prepareStatement(ONE)) {
      s.setString(1, user);
      s.setString(2, room);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  @Override
  public Future<List<Marker>> markers(String user, int max) {
    return db.read(c -> {
      try (PreparedStatement s = c.prepareStatement(LATEST)) {
        s.setString(1, user);
        s.setInt(2, max);
        List<Marker> markers = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            markers.add(new Marker(r.getString(1), r.getString(2), r.getLong(3)));
          }
        }
        return markers;
      }
    });
  }
}
