package io.pulsechat.gateway.store;

import static io.pulsechat.gateway.store.TestMessages.id;
import static io.pulsechat.gateway.store.TestMessages.message;
import static io.pulsechat.gateway.store.TestMessages.messages;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.HistoryPage;
import io.pulsechat.gateway.protocol.HistoryQuery;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MessageStore} must do, run against each implementation. Each test uses
 * rooms of its own, so implementations may share one database across tests.
 */
abstract class MessageStoreContract {
  protected String room;
  protected String otherRoom;

  protected abstract MessageStore store();

  @BeforeEach
  void pickRooms() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    room = "room-" + suffix;
    otherRoom = "other-" + suffix;
  }

  /** Stores messages 0..9 in {@link #room} and two in {@link #otherRoom}. */
  protected Future<?> tenMessages() {
    List<Future<Void>> all = new java.util.ArrayList<>();
    messages(room, 0, 10).forEach(m -> all.add(store().append(m)));
    messages(otherRoom, 100, 102).forEach(m -> all.add(store().append(m)));
    return Future.all(all);
  }

  private static List<String> ids(HistoryPage page) {
    return page.messages().stream().map(ChatMessage::id).toList();
  }

  private static List<String> ids(int from, int to) {
    return java.util.stream.IntStream.range(from, to).mapToObj(TestMessages::id).toList();
  }

  @Test
  void theLatestPageIsOldestFirstAndSaysWhetherOlderRemain(Vertx vertx, VertxTestContext test) {
    tenMessages()
        .compose(v -> Future.all(
            store().history(HistoryQuery.latest(room, 4)),
            store().history(HistoryQuery.latest(room, 10)),
            store().history(HistoryQuery.latest(room, 50))))
        .onComplete(test.succeeding(pages -> test.verify(() -> {
          HistoryPage four = pages.resultAt(0);
          assertThat(ids(four)).containsExactlyElementsOf(ids(6, 10));
          assertThat(four.more()).isTrue();
          assertThat(four.room()).isEqualTo(room);
          HistoryPage ten = pages.resultAt(1);
          assertThat(ids(ten)).containsExactlyElementsOf(ids(0, 10));
          assertThat(ten.more()).isFalse();
          HistoryPage all = pages.resultAt(2);
          assertThat(all.messages()).containsExactlyElementsOf(messages(room, 0, 10));
          assertThat(all.more()).isFalse();
          test.completeNow();
        })));
  }

  @Test
  void beforeAnIdPagesBackwards(Vertx vertx, VertxTestContext test) {
    tenMessages()
        .compose(v -> Future.all(
            store().history(new HistoryQuery(room, id(6), null, 3)),
            store().history(new HistoryQuery(room, id(3), null, 3)),
            store().history(new HistoryQuery(room, id(0), null, 3))))
        .onComplete(test.succeeding(pages -> test.verify(() -> {
          HistoryPage middle = pages.resultAt(0);
          assertThat(ids(middle)).containsExactlyElementsOf(ids(3, 6));
          assertThat(middle.more()).isTrue();
          HistoryPage oldest = pages.resultAt(1);
          assertThat(ids(oldest)).containsExactlyElementsOf(ids(0, 3));
          assertThat(oldest.more()).isFalse();
          HistoryPage none = pages.resultAt(2);
          assertThat(none.messages()).isEmpty();
          assertThat(none.more()).isFalse();
          test.completeNow();
        })));
  }

  @Test
  void afterAnIdPagesForwards(Vertx vertx, VertxTestContext test) {
    tenMessages()
        .compose(v -> Future.all(
            store().history(new HistoryQuery(room, null, id(3), 3)),
            store().history(new HistoryQuery(room, null, id(6), 3)),
            store().history(new HistoryQuery(room, null, id(9), 3))))
        .onComplete(test.succeeding(pages -> test.verify(() -> {
          HistoryPage middle = pages.resultAt(0);
          assertThat(ids(middle)).containsExactlyElementsOf(ids(4, 7));
          assertThat(middle.more()).isTrue();
          HistoryPage newest = pages.resultAt(1);
          assertThat(ids(newest)).containsExactlyElementsOf(ids(7, 10));
          assertThat(newest.more()).isFalse();
          HistoryPage none = pages.resultAt(2);
          assertThat(none.messages()).isEmpty();
          assertThat(none.more()).isFalse();
          test.completeNow();
        })));
  }

  @Test
  void limitsOutsideOneTo200AndTwoBoundsAreRefused(Vertx vertx, VertxTestContext test) {
    AtomicReference<Throwable> zero = new AtomicReference<>();
    AtomicReference<Throwable> tooMany = new AtomicReference<>();
    AtomicReference<Throwable> both = new AtomicReference<>();
    tenMessages()
        .compose(v -> store().history(HistoryQuery.latest(room, 0)).otherwise(e -> { zero.set(e); return null; }))
        .compose(v -> store().history(HistoryQuery.latest(room, 201)).otherwise(e -> { tooMany.set(e); return null; }))
        .compose(v -> store().history(new HistoryQuery(room, id(5), id(2), 3)).otherwise(e -> { both.set(e); return null; }))
        .compose(v -> Future.all(store().history(HistoryQuery.latest(room, 200)), store().history(HistoryQuery.latest(room, 1))))
        .onComplete(test.succeeding(pages -> test.verify(() -> {
          assertThat(zero.get()).isInstanceOf(IllegalArgumentException.class);
          assertThat(tooMany.get()).isInstanceOf(IllegalArgumentException.class);
          assertThat(both.get()).isInstanceOf(IllegalArgumentException.class);
          HistoryPage max = pages.resultAt(0);
          assertThat(max.messages()).hasSize(10);
          HistoryPage one = pages.resultAt(1);
          assertThat(ids(one)).containsExactly(id(9));
          assertThat(one.more()).isTrue();
          test.completeNow();
        })));
  }

  @Test
  void aMessageIsFoundByItsSendersClientMsgIdInItsRoomOnly(Vertx vertx, VertxTestContext test) {
    ChatMessage sent = message(room, 4);
    tenMessages()
        .compose(v -> Future.all(
            store().findByClientMsgId(room, sent.user(), sent.clientMsgId()),
            store().findByClientMsgId(room, sent.user() + "x", sent.clientMsgId()),
            store().findByClientMsgId(otherRoom, sent.user(), sent.clientMsgId()),
            store().findByClientMsgId(room, sent.user(), "never-sent")))
        .onComplete(test.succeeding(found -> test.verify(() -> {
          assertThat((ChatMessage) found.resultAt(0)).isEqualTo(sent);
          assertThat((ChatMessage) found.resultAt(1)).isNull();
          assertThat((ChatMessage) found.resultAt(2)).isNull();
          assertThat((ChatMessage) found.resultAt(3)).isNull();
          test.completeNow();
        })));
  }

  @Test
  void replayingAMessageLeavesOneRow(Vertx vertx, VertxTestContext test) {
    ChatMessage once = message(room, 1);
    Future.all(store().append(once), store().append(once))
        .compose(v -> store().append(once))
        .compose(v -> store().history(HistoryQuery.latest(room, 50)))
        .onComplete(test.succeeding(page -> test.verify(() -> {
          assertThat(page.messages()).containsExactly(once);
          test.completeNow();
        })));
  }

  @Test
  void anEmptyRoomHasNoHistory(Vertx vertx, VertxTestContext test) {
    store().history(HistoryQuery.latest(room, 50)).onComplete(test.succeeding(page -> test.verify(() -> {
      assertThat(page.messages()).isEmpty();
      assertThat(page.more()).isFalse();
      test.completeNow();
    })));
  }

  @Test
  void aSendersDisplayNameIsKeptWithItsMessageThroughAnEdit(Vertx vertx, VertxTestContext test) {
    ChatMessage named = message(room, 0).withName("Alice Liddell");
    ChatMessage plain = message(room, 1);
    ChatMessage edited = named.edited("changed", null, named.ts() + 1_000);
    store().append(named)
        .compose(v -> store().append(plain))
        .compose(v -> store().flush())
        .compose(v -> store().update(edited))
        .compose(v -> store().history(HistoryQuery.latest(room, 10)))
        .onComplete(test.succeeding(page -> test.verify(() -> {
          assertThat(page.messages()).extracting(ChatMessage::name).containsExactly("Alice Liddell", null);
          assertThat(page.messages().get(0).text()).isEqualTo("changed");
          test.completeNow();
        })));
  }

  @Test
  void anUpdatedMessageReadsBackAsLastWrittenEditsReactionsAndTombstone(Vertx vertx, VertxTestContext test) {
    ChatMessage original = message(room, 3);
    ChatMessage edited = original.edited("a new text", new io.pulsechat.sentiment.Sentiment(
        io.pulsechat.sentiment.Label.POSITIVE, 0.75, "m-2"), original.ts() + 5_000)
        .withReactions(List.of(new io.pulsechat.gateway.protocol.Reaction("\uD83D\uDC4D", List.of("ann", "bob"))));
    tenMessages()
        .compose(v -> store().update(edited))
        .compose(v -> store().find(room, original.id()))
        .compose(found -> {
          test.verify(() -> assertThat(found).isEqualTo(edited));
          return store().update(edited.tombstone());
        })
        .compose(v -> Future.all(store().history(HistoryQuery.latest(room, 50)), store().countAfter(room, id(1), 1000),
            store().countAfter(room, id(1), 3)))
        .onComplete(test.succeeding(all -> test.verify(() -> {
          HistoryPage page = all.resultAt(0);
          assertThat(page.messages()).hasSize(10);
          ChatMessage tomb = page.messages().get(3);
          assertThat(tomb.deleted()).isTrue();
          assertThat(tomb.id()).isEqualTo(original.id());
          assertThat(tomb.ts()).isEqualTo(original.ts());
          assertThat(tomb.sentiment()).isNull();
          assertThat(tomb.reactions()).isEmpty();
          // messages 2..9 are after 1; 3 is deleted
          assertThat((Integer) all.resultAt(1)).isEqualTo(7);
          assertThat((Integer) all.resultAt(2)).isEqualTo(3);
          test.completeNow();
        })));
  }
}
