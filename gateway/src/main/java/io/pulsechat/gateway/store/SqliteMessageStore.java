package io.pulsechat.gateway.store;

import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.HistoryPage;
import io.pulsechat.gateway.protocol.HistoryQuery;
import io.pulsechat.gateway.protocol.Reactions;
import io.pulsechat.sentiment.Label;
import io.pulsechat.sentiment.Sentiment;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link MessageStore} on the {@code messages} table of a {@link SqliteDatabase}. Appends go
 * through a {@link WriteBehindBatcher} whose batches each commit in one transaction on the
 * writer thread (the batcher keeps one in flight, so whatever queued during a commit goes into
 * the next: group commit); a message is acked only after its commit. Reads run on the reader
 * pool. The unique index on (room, user, client_msg_id) turns a resend into a conflict the
 * insert reports, so {@link #appendOnce} needs no read first.
 */
public final class SqliteMessageStore implements MessageStore {
  private static final String COLUMNS = "room, id, user, text, ts, client_msg_id, label, score, model";
  private static final String INSERT = "INSERT INTO messages (" + COLUMNS + ", name)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
  /** What is read back: the columns written at insert, and what may change later. */
  private static final String READ_COLUMNS = COLUMNS + ", edited_ts, deleted, reactions, name";
  private static final String BY_CLIENT_MSG_ID = "SELECT " + READ_COLUMNS
      + " FROM messages WHERE room = ? AND user = ? AND client_msg_id = ?";
  private static final String UPDATE = "UPDATE messages SET text = ?, label = ?, score = ?, model = ?, edited_ts = ?,"
      + " deleted = ?, reactions = ? WHERE room = ? AND id = ?";
  private static final String COUNT_AFTER = "SELECT count(*) FROM (SELECT 1 FROM messages WHERE room = ? AND id > ?"
      + " AND deleted = 0 LIMIT ?)";

  private final SqliteDatabase db;
  private final WriteBehindBatcher batcher;
  /**
   * Messages whose insert met an earlier message of the same sender and client message id,
   * mapped to that earlier message; filled by the writer before the batch's future completes,
   * taken by {@link #appendOnce}.
   */
  private final Map<String, ChatMessage> earlier = new ConcurrentHashMap<>();

  /** @param batcherFor builds the batcher around this store's batch writer */
  public SqliteMessageStore(SqliteDatabase db, java.util.function.Function<BatchWriter, WriteBehindBatcher> batcherFor) {
    this.db = db;
    this.batcher = batcherFor.apply(new Writer());
  }

  @Override
  public Future<Void> append(ChatMessage message) {
    return batcher.submit(message);
  }

  @Override
  public Future<ChatMessage> appendOnce(ChatMessage message) {
    String key = WriteBehindBatcher.key(message);
    return batcher.submit(message).map(v -> {
      ChatMessage original = earlier.remove(key);
      return original != null ? original : message;
    }).onFailure(e -> earlier.remove(key));
  }

  @Override
  public Future<HistoryPage> history(HistoryQuery query) {
    try {
      HistoryQueries.check(query);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    boolean ascending = HistoryQueries.ascending(query);
    String bound = HistoryQueries.bound(query);
    String sql = "SELECT " + READ_COLUMNS + " FROM messages WHERE room = ?"
        + (bound == null ? "" : ascending ? " AND id > ?" : " AND id < ?")
        + " ORDER BY id " + (ascending ? "ASC" : "DESC") + " LIMIT ?";
    return db.read(c -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        int i = 1;
        s.setString(i++, query.room());
        if (bound != null) {
          s.setString(i++, bound);
        }
        // One more than asked tells whether more remain in that direction.
        s.setInt(i, query.limit() + 1);
        List<ChatMessage> messages = new ArrayList<>(query.limit() + 1);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            messages.add(message(r));
          }
        }
        return HistoryQueries.page(query, messages);
      }
    });
  }

  @Override
  public Future<ChatMessage> findByClientMsgId(String room, String user, String clientMsgId) {
    return db.read(c -> byClientMsgId(c, room, user, clientMsgId));
  }

  /** One statement on the writer thread, not through the batcher: changes are rare and each is answered alone. */
  @Override
  public Future<Void> update(ChatMessage m) {
    return db.transaction(c -> {
      try (PreparedStatement s = c.prepareStatement(UPDATE)) {
        s.setString(1, m.deleted() ? "" : m.text());
        bindSentiment(s, 2, m.deleted() ? null : m.sentiment());
        if (m.editedTs() == null) {
          s.setNull(5, Types.INTEGER);
        } else {
          s.setLong(5, m.editedTs());
        }
        s.setInt(6, m.deleted() ? 1 : 0);
        s.setString(7, Reactions.encode(m.reactions()));
        s.setString(8, m.room());
        s.setString(9, m.id());
        s.executeUpdate();
        return null;
      }
    });
  }

  @Override
  public Future<Integer> countAfter(String room, String id, int cap) {
    return db.read(c -> {
      try (PreparedStatement s = c.prepareStatement(COUNT_AFTER)) {
        s.setString(1, room);
        s.setString(2, id);
        s.setInt(3, cap);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? r.getInt(1) : 0;
        }
      }
    });
  }

  @Override
  public boolean writesFailing() {
    return batcher.writesFailing();
  }

  @Override
  public Future<Void> flush() {
    return batcher.flush();
  }

  /** Messages accepted and not yet committed. */
  public int queueDepth() {
    return batcher.queueDepth();
  }

  /**
   * Inserts the messages on {@code c}, in the caller's transaction; returns those that conflicted
   * with a stored row (the same message, or the same sender's client message id).
   */
  static List<ChatMessage> insert(Connection c, List<ChatMessage> messages) throws SQLException {
    List<ChatMessage> conflicts = new ArrayList<>();
    try (PreparedStatement insert = c.prepareStatement(INSERT)) {
      for (ChatMessage m : messages) {
        bind(insert, m);
        if (insert.executeUpdate() == 0 && m.clientMsgId() != null) {
          conflicts.add(m);
        }
      }
    }
    return conflicts;
  }

  private static void bind(PreparedStatement s, ChatMessage m) throws SQLException {
    s.setString(1, m.room());
    s.setString(2, m.id());
    s.setString(3, m.user());
    s.setString(4, m.text());
    s.setLong(5, m.ts());
    s.setString(6, m.clientMsgId());
    bindSentiment(s, 7, m.sentiment());
    s.setString(10, m.name());
  }

  /** The label, score and model of {@code st} (or nulls) at {@code from} and the two after it. */
  private static void bindSentiment(PreparedStatement s, int from, Sentiment st) throws SQLException {
    if (st == null) {
      s.setNull(from, Types.VARCHAR);
      s.setNull(from + 1, Types.REAL);
      s.setNull(from + 2, Types.VARCHAR);
    } else {
      s.setString(from, st.label().wireName());
      s.setDouble(from + 1, st.score());
      s.setString(from + 2, st.model());
    }
  }

  private static ChatMessage byClientMsgId(Connection c, String room, String user, String clientMsgId)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(BY_CLIENT_MSG_ID)) {
      s.setString(1, room);
      s.setString(2, user);
      s.setString(3, clientMsgId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? message(r) : null;
      }
    }
  }

  private static ChatMessage message(ResultSet r) throws SQLException {
    String label = r.getString(7);
    Sentiment sentiment = label == null ? null : new Sentiment(Label.fromWireName(label), r.getDouble(8), r.getString(9));
    long editedTs = r.getLong(10);
    Long edited = r.wasNull() ? null : editedTs;
    return new ChatMessage(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getLong(5),
        r.getString(6), sentiment, edited, r.getInt(11) != 0, Reactions.decode(r.getString(12)),
        r.getString(13));
  }

  /** Commits one batch in one transaction; all of it or none. */
  private final class Writer implements BatchWriter {
    @Override
    public CompletionStage<List<ChatMessage>> write(List<ChatMessage> batch) {
      return db.transaction(c -> {
        List<ChatMessage> conflicts = insert(c, batch);
        // A conflict is either this very message written before (a retried batch) or a resend
        // under a stored client message id: only the second has an earlier message to answer with.
        Map<String, ChatMessage> originals = new HashMap<>();
        for (ChatMessage m : conflicts) {
          ChatMessage stored = byClientMsgId(c, m.room(), m.user(), m.clientMsgId());
          if (stored != null && !stored.id().equals(m.id())) {
            originals.put(WriteBehindBatcher.key(m), stored);
          }
        }
        return originals;
      }).map(originals -> {
        earlier.putAll(originals);
        return List.<ChatMessage>of();
      }).toCompletionStage();
    }

    @Override
    public boolean isRetryable(Throwable failure) {
      return SqliteDatabase.isTransient(failure);
    }
  }
}
