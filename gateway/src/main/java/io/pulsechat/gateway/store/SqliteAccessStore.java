package io.pulsechat.gateway.store;

import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@link AccessStore} on the {@code access} table of a {@link SqliteDatabase}. */
public final class SqliteAccessStore implements AccessStore {
  private static final String COLUMNS = "room, kind, subject, value, until, by_user, at";
  private final SqliteDatabase db;

  public SqliteAccessStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public Future<List<Entry>> entries(String room) {
    return db.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
          + " FROM access WHERE room = ? AND kind NOT IN (?, ?)")) {
        s.setString(1, room);
        s.setString(2, Kind.ACTION.wire());
        s.setString(3, Kind.ALERT.wire());
        return list(s);
      }
    });
  }

  @Override
  public Future<Void> put(Entry e) {
    return db.write(c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT OR REPLACE INTO access (" + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        s.setString(1, e.room());
        s.setString(2, e.kind().wire());
        s.setString(3, e.subject());
        s.setString(4, e.value());
        s.setLong(5, e.until());
        s.setString(6, e.by());
        s.setLong(7, e.at());
        s.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Future<Void> remove(String room, Kind kind, String subject) {
    return db.write(c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM access WHERE room = ? AND kind = ? AND subject = ?")) {
        s.setString(1, room);
        s.setString(2, kind.wire());
        s.setString(3, subject);
        s.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Future<List<Entry>> log(String room, Kind kind, int limit) {
    return db.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM access WHERE room = ? AND kind = ?"
          + " ORDER BY subject DESC LIMIT ?")) {
        s.setString(1, room);
        s.setString(2, kind.wire());
        s.setInt(3, limit);
        return list(s);
      }
    });
  }

  private static List<Entry> list(PreparedStatement s) throws SQLException {
    List<Entry> entries = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        entries.add(new Entry(r.getString(1), Kind.valueOf(r.getString(2).toUpperCase(Locale.ROOT)), r.getString(3),
            r.getString(4), r.getLong(5), r.getString(6), r.getLong(7)));
      }
    }
    return entries;
  }
}
