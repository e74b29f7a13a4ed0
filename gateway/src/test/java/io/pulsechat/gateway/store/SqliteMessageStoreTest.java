package io.pulsechat.gateway.store;

import static io.pulsechat.gateway.store.TestMessages.message;
import static io.pulsechat.gateway.store.TestMessages.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.HistoryQuery;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The {@link MessageStore} contract on SQLite, and what only a file on this machine can do or suffer. */
@ExtendWith(VertxExtension.class)
class SqliteMessageStoreTest extends MessageStoreContract {
  private static Path dir;
  private static SqliteDatabase db;
  private SqliteMessageStore store;

  @BeforeAll
  static void open() throws Exception {
    dir = Files.createTempDirectory("pulsechat-sqlite-");
    db = SqliteDatabase.open(dir, "FULL", 2);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @BeforeEach
  void createStore(Vertx vertx) {
    store = storeWithBudget(vertx, Duration.ofSeconds(5));
  }

  private static SqliteMessageStore storeWithBudget(Vertx vertx, Duration retryBudget) {
    WriteBehindSettings settings = new WriteBehindSettings(WriteBehindSettings.SQLITE_MAX_ITEMS, Duration.ZERO, 10_000,
        1, retryBudget, Duration.ofMillis(25), Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(5));
    return new SqliteMessageStore(db, w -> new WriteBehindBatcher(vertx, w, settings, new SimpleMeterRegistry()));
  }

  @Override
  protected MessageStore store() {
    return store;
  }

  @Test
  void aResendUnderAStoredClientMsgIdIsAnsweredWithTheOriginalAndNotStoredAgain(Vertx vertx, VertxTestContext test) {
    ChatMessage original = message(room, 1);
    ChatMessage resend = new ChatMessage(room, TestMessages.id(2), original.user(), original.text(), original.ts() + 5,
        original.clientMsgId(), original.sentiment());
    ChatMessage otherSender = new ChatMessage(room, TestMessages.id(3), original.user() + "x", original.text(),
        original.ts() + 6, original.clientMsgId(), original.sentiment());
    store.appendOnce(original)
        .compose(first -> Future.all(store.appendOnce(resend), store.appendOnce(otherSender), Future.succeededFuture(first)))
        .compose(answers -> store.history(HistoryQuery.latest(room, 50)).map(page -> {
          test.verify(() -> {
            assertThat((ChatMessage) answers.resultAt(2)).isEqualTo(original);
            assertThat((ChatMessage) answers.resultAt(0)).isEqualTo(original);
            assertThat((ChatMessage) answers.resultAt(1)).isEqualTo(otherSender);
            assertThat(page.messages()).containsExactly(original, otherSender);
          });
          return page;
        }))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void aBurstIsCommittedInFewTransactions(Vertx vertx, VertxTestContext test) {
    List<ChatMessage> burst = messages(room, 0, 1200);
    Future.all(burst.stream().map(store::append).toList())
        .compose(v -> store.history(HistoryQuery.latest(room, 200)))
        .onComplete(test.succeeding(page -> test.verify(() -> {
          assertThat(page.messages()).hasSize(200);
          assertThat(page.messages().get(199)).isEqualTo(burst.get(1199));
          assertThat(page.more()).isTrue();
          test.completeNow();
        })));
  }

  @Test
  void whileAnotherProcessHoldsTheWriteLockSendsAreRefusedAndNothingIsStoredThenWritesResume(Vertx vertx,
                                                                                            VertxTestContext test)
      throws Exception {
    SqliteMessageStore patient = storeWithBudget(vertx, Duration.ofMillis(1500));
    Connection operator = DriverManager.getConnection("jdbc:sqlite:" + db.file());
    Statement lock = operator.createStatement();
    lock.execute("BEGIN EXCLUSIVE");
    ChatMessage refused = message(room, 1);
    ChatMessage later = message(room, 2);
    patient.append(refused).onComplete(ar -> test.verify(() -> {
      assertThat(ar.failed()).isTrue();
      assertThat(ar.cause()).isInstanceOf(StoreUnavailableException.class);
      lock.execute("ROLLBACK");
      operator.close();
      // The circuit cools off for 200 ms after a batch gave up.
      vertx.setTimer(400, t -> patient.append(later)
          .compose(v -> store.history(HistoryQuery.latest(room, 50)))
          .onComplete(test.succeeding(page -> test.verify(() -> {
            assertThat(page.messages()).containsExactly(later);
            test.completeNow();
          }))));
    }));
  }

  @Test
  void aFullDiskRefusesSendsAndNothingIsStoredThenWritesResume(Vertx vertx, VertxTestContext test) throws Exception {
    SqliteMessageStore patient = storeWithBudget(vertx, Duration.ofMillis(1000));
    long pages = await(db.write(c -> {
      try (Statement s = c.createStatement(); var r = s.executeQuery("PRAGMA page_count")) {
        r.next();
        return r.getLong(1);
      }
    }));
    // max_page_count stands in for a full disk: no page may be added.
    await(db.write(c -> c.createStatement().execute("PRAGMA max_page_count=" + pages)));
    String big = "x".repeat(1500);
    List<ChatMessage> sent = new ArrayList<>();
    List<Future<Void>> appends = new ArrayList<>();
    for (ChatMessage m : messages(room, 0, 200)) {
      ChatMessage large = new ChatMessage(m.room(), m.id(), m.user(), big, m.ts(), m.clientMsgId(), m.sentiment());
      sent.add(large);
      appends.add(patient.append(large));
    }
    Future.join(appends).onComplete(ar -> {
      List<ChatMessage> acked = new ArrayList<>();
      List<ChatMessage> refused = new ArrayList<>();
      for (int i = 0; i < sent.size(); i++) {
        (appends.get(i).succeeded() ? acked : refused).add(sent.get(i));
      }
      test.verify(() -> {
        // What still fitted in the last page may be stored; the rest must be refused.
        assertThat(refused).hasSizeGreaterThan(150);
        assertThat(appends.stream().filter(Future::failed).map(Future::cause))
            .allMatch(e -> e instanceof StoreUnavailableException);
      });
      vertx.setTimer(400, t -> db.write(c -> c.createStatement().execute("PRAGMA max_page_count=1073741823"))
          .compose(v -> patient.append(message(room, 500)))
          .compose(v -> store.history(HistoryQuery.latest(room, 200)))
          .onComplete(test.succeeding(page -> test.verify(() -> {
            List<ChatMessage> expected = new ArrayList<>(acked);
            expected.add(message(room, 500));
            assertThat(page.messages()).containsExactlyElementsOf(expected);
            test.completeNow();
          }))));
    });
  }

  @Test
  void expiredMessagesAndMoodMinutesAreDeletedInSmallBatches(Vertx vertx, VertxTestContext test) throws Exception {
    long now = 1_700_000_000_000L + Duration.ofDays(40).toMillis();
    List<ChatMessage> old = messages(room, 0, 1234);
    ChatMessage fresh = new ChatMessage(room, TestMessages.id(5000), "ann", "still here", now - 1000, "fresh", null);
    await(Future.all(old.stream().map(store::append).toList()));
    await(store.append(fresh));
    SqliteMoodStore mood = new SqliteMoodStore(db);
    await(mood.save(List.of(new MoodStore.Minute(room, 1_700_000_000_000L - 60_000, 1, 1, 0, 0),
        new MoodStore.Minute(room, now - 60_000, 1, 1, 0, 0))));
    SqliteExpiry expiry = new SqliteExpiry(db, Duration.ofDays(30), () -> now);
    // Other tests' rooms are old too: count only this room's rows.
    expiry.sweep()
        .compose(deleted -> Future.all(store.history(HistoryQuery.latest(room, 200)), mood.since(room, 0)))
        .onComplete(test.succeeding(after -> test.verify(() -> {
          assertThat(after.<io.pulsechat.gateway.protocol.HistoryPage>resultAt(0).messages()).containsExactly(fresh);
          assertThat(after.<List<MoodStore.Minute>>resultAt(1)).extracting(MoodStore.Minute::t)
              .containsExactly(now - 60_000);
          test.completeNow();
        })));
  }

  @Test
  void expiredModerationActionsAndAlertsAreDeletedAndTheRoomsRulesStay() throws Exception {
    // A moderator's actions and the alerts are logs that grow with use: they expire as messages do.
    String logged = "logged-" + System.nanoTime();
    long now = 1_700_000_000_000L + Duration.ofDays(40).toMillis();
    long old = 1_700_000_000_000L;
    SqliteAccessStore access = new SqliteAccessStore(db);
    AccessStore.Entry oldAction = new AccessStore.Entry(logged, AccessStore.Kind.ACTION,
        AccessStore.actionSubject(old, "bob"), "kick", 0, "alice", old);
    AccessStore.Entry oldAlert = new AccessStore.Entry(logged, AccessStore.Kind.ALERT,
        AccessStore.actionSubject(old, ""), "{}", 0, "gateway", old);
    AccessStore.Entry freshAction = new AccessStore.Entry(logged, AccessStore.Kind.ACTION,
        AccessStore.actionSubject(now - 1000, "bob"), "mute", 0, "alice", now - 1000);
    AccessStore.Entry oldBan = new AccessStore.Entry(logged, AccessStore.Kind.BAN, "carol", null, 0, "alice", old);
    for (AccessStore.Entry e : List.of(oldAction, oldAlert, freshAction, oldBan)) {
      await(access.put(e));
    }
    await(new SqliteExpiry(db, Duration.ofDays(30), () -> now).sweep());
    assertThat(await(access.log(logged, AccessStore.Kind.ACTION, 10))).containsExactly(freshAction);
    assertThat(await(access.log(logged, AccessStore.Kind.ALERT, 10))).isEmpty();
    assertThat(await(access.entries(logged))).containsExactly(oldBan);
  }

  @Test
  void aFileWrittenByANewerVersionIsRefusedWithAClearError(@TempDir Path other) throws Exception {
    SqliteDatabase.open(other, "FULL", 1).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other.resolve(SqliteDatabase.FILE_NAME));
         Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version=" + (SqliteSchema.VERSION + 1));
    }
    assertThatThrownBy(() -> SqliteDatabase.open(other, "FULL", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("newer PulseChat");
  }

  @Test
  void aFileOfVersionOneIsMigratedAndItsMessagesReadAsNeverChanged(@TempDir Path other, Vertx vertx,
                                                                   VertxTestContext test) throws Exception {
    // A version-1 file as the previous gateway left it: no change columns, no read markers.
    SqliteDatabase.open(other, "FULL", 1).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other.resolve(SqliteDatabase.FILE_NAME));
         Statement s = c.createStatement()) {
      s.execute("DROP TABLE read_markers");
      s.execute("DROP TABLE access"); // version 3's
      for (String column : List.of("edited_ts", "deleted", "reactions", "name")) { // versions 2 and 4
        s.execute("ALTER TABLE messages DROP COLUMN " + column);
      }
      s.execute("INSERT INTO messages (room, id, user, text, ts, client_msg_id, label, score, model)"
          + " VALUES ('old', '000000000001', 'ann', 'from before', 1700000000000, 'c1', 'neutral', 0.0, 'm-1')");
      s.execute("PRAGMA user_version=1");
    }
    SqliteDatabase migrated = SqliteDatabase.open(other, "FULL", 1);
    SqliteMessageStore old = new SqliteMessageStore(migrated, w -> new WriteBehindBatcher(vertx, w,
        WriteBehindSettings.forSqlite(io.pulsechat.gateway.GatewayConfig.from(java.util.Map.of())),
        new SimpleMeterRegistry()));
    old.history(HistoryQuery.latest("old", 10))
        .eventually(() -> vertx.executeBlocking(() -> {
          migrated.close();
          return null;
        }))
        .onComplete(test.succeeding(page -> test.verify(() -> {
          ChatMessage m = page.messages().get(0);
          assertThat(m.text()).isEqualTo("from before");
          assertThat(m.editedTs()).isNull();
          assertThat(m.deleted()).isFalse();
          assertThat(m.reactions()).isEmpty();
          assertThat(m.name()).isNull();
          test.completeNow();
        })));
  }

  @Test
  void aCorruptFileIsRefusedWithAClearError(@TempDir Path other) throws Exception {
    Files.writeString(other.resolve(SqliteDatabase.FILE_NAME), "this is no database, it is a text file ".repeat(200));
    assertThatThrownBy(() -> SqliteDatabase.open(other, "FULL", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(SqliteDatabase.FILE_NAME)
        .hasMessageContaining("not a database");
  }

  @Test
  void aSecondGatewayOnTheSameDataDirIsRefused() {
    assertThatThrownBy(() -> SqliteDatabase.open(dir, "FULL", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("another gateway");
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
