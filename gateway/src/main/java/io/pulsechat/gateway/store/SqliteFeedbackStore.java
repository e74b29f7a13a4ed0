package io.pulsechat.gateway.store;

import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** {@link FeedbackStore} on the {@code feedback} table of a {@link SqliteDatabase}. */
public final class SqliteFeedbackStore implements FeedbackStore {
  private final SqliteDatabase db;

  public SqliteFeedbackStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public Future<Void> put(Flag flag) {
    return db.write(c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT OR REPLACE INTO feedback"
          + " (room, id, user, text, model_label, model, label, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        s.setString(1, flag.room());
        s.setString(2, flag.id());
        s.setString(3, flag.user());
        s.setString(4, flag.text());
        s.setString(5, flag.modelLabel());
        s.setString(6, flag.model());
        s.setString(7, flag.label());
        s.setLong(8, flag.ts());
        s.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Future<List<Flag>> all() {
    return db.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT room, id, user, text, model_label, model, label, ts"
          + " FROM feedback ORDER BY room, id, user"); ResultSet r = s.executeQuery()) {
        List<Flag> flags = new ArrayList<>();
        while (r.next()) {
          flags.add(new Flag(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
              r.getString(6), r.getString(7), r.getLong(8)));
        }
        return flags;
      }
    });
  }
}
