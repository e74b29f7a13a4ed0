package io.pulsechat.gateway.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite schema and its forward migrations. {@code PRAGMA user_version} holds the version
 * a file is at; each migration moves it one step, in a transaction of its own. A file at a
 * version newer than this code knows was written by a newer gateway and is refused: reading it
 * could misread columns this version has never heard of.
 */
final class SqliteSchema {
  private static final Logger log = LoggerFactory.getLogger(SqliteSchema.class);

  /**
   * Migration {@code i} takes a file from version {@code i} to {@code i + 1}. Append new steps;
   * never edit a step that has shipped.
   */
  private static final List<List<String>> MIGRATIONS = List.of(
      List.of(
          // Keyed by (room, id): a history page is one range of one room, in either direction,
          // and a retried write of the same message hits the same key.
          """
          CREATE TABLE messages (
            room TEXT NOT NULL,
            id TEXT NOT NULL,
            user TEXT NOT NULL,
            text TEXT NOT NULL,
            ts INTEGER NOT NULL,
            client_msg_id TEXT,
            label TEXT,
            score REAL,
            model TEXT,
            PRIMARY KEY (room, id)
          ) WITHOUT ROWID""",
          // A resend of a stored client message id conflicts here instead of being looked up first.
          "CREATE UNIQUE INDEX messages_by_client_msg_id ON messages (room, user, client_msg_id)",
          // Expiry deletes the oldest rows first.
          "CREATE INDEX messages_by_ts ON messages (ts)",
          """
          CREATE TABLE mood (
            room TEXT NOT NULL,
            t INTEGER NOT NULL,
            score_sum REAL NOT NULL,
            positive INTEGER NOT NULL,
            neutral INTEGER NOT NULL,
            negative INTEGER NOT NULL,
            PRIMARY KEY (room, t)
          ) WITHOUT ROWID""",
          "CREATE INDEX mood_by_t ON mood (t)",
          """
          CREATE TABLE feedback (
            room TEXT NOT NULL,
            id TEXT NOT NULL,
            user TEXT NOT NULL,
            text TEXT NOT NULL,
            model_label TEXT,
            model TEXT,
            label TEXT NOT NULL,
            ts INTEGER NOT NULL,
            PRIMARY KEY (room, id, user)
          ) WITHOUT ROWID"""),
      List.of(
          // What may change of a message after it was sent: an edit, a delete (the row stays as a
          // tombstone, text emptied), reactions as JSON {"<emoji>": ["user", ...]}.
          "ALTER TABLE messages ADD COLUMN edited_ts INTEGER",
          "ALTER TABLE messages ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0",
          "ALTER TABLE messages ADD COLUMN reactions TEXT",
          // A user's read marker in a room: the newest message id they have seen.
          """
          CREATE TABLE read_markers (
            user TEXT NOT NULL,
            room TEXT NOT NULL,
            id TEXT NOT NULL,
            ts INTEGER NOT NULL,
            PRIMARY KEY (user, room)
          ) WITHOUT ROWID""",
          // A user's markers, the most recently moved first.
          "CREATE INDEX read_markers_by_user_ts ON read_markers (user, ts)"),
      List.of(
          // Private rooms, members, bans, mutes and moderation actions: see AccessStore.
          """
          CREATE TABLE access (
            room TEXT NOT NULL,
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            value TEXT,
            until INTEGER NOT NULL,
            by_user TEXT NOT NULL,
            at INTEGER NOT NULL,
            PRIMARY KEY (room, kind, subject)
          ) WITHOUT ROWID"""),
      List.of(
          // The sender's display name (a token's name claim), when it differs from its user.
          "ALTER TABLE messages ADD COLUMN name TEXT"),
      List.of(
          // Moderation actions and alerts expire with the messages: the sweep takes the oldest first.
          "CREATE INDEX access_by_kind_at ON access (kind, at)"));

  /** The version this code writes. */
  static final int VERSION = MIGRATIONS.size();

  private SqliteSchema() {
  }

  /** Brings the file to {@link #VERSION}. */
  static void migrate(Connection c, Path file) throws SQLException {
    int version = version(c);
    if (version > VERSION) {
      throw new IllegalStateException(file + " has schema version " + version + ", newer than the " + VERSION
          + " this gateway knows: it was written by a newer PulseChat. Run that version, or point DATA_DIR elsewhere");
    }
    for (int v = version; v < VERSION; v++) {
      int from = v;
      SqliteDatabase.inTransaction(c, conn -> {
        try (Statement s = conn.createStatement()) {
          for (String sql : MIGRATIONS.get(from)) {
            s.execute(sql);
          }
          s.execute("PRAGMA user_version=" + (from + 1));
        }
        return null;
      });
      log.info("SQLite schema of {} moved from version {} to {}", file, from, from + 1);
    }
  }

  static int version(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
      return r.next() ? r.getInt(1) : 0;
    }
  }
}
