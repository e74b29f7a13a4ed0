package io.pulsechat.gateway.hub.room;

import io.pulsechat.gateway.hub.delivery.FanOut;
import io.pulsechat.gateway.hub.routing.MemberSnapshots;
import io.pulsechat.gateway.hub.routing.ShardMessages;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.metrics.GatewayMetrics;
import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.EncodedFrame;
import io.pulsechat.gateway.protocol.HistoryPage;
import io.pulsechat.gateway.protocol.HistoryQuery;
import io.pulsechat.gateway.store.MessageStore;
import io.pulsechat.gateway.store.StoreUnavailableException;
import io.pulsechat.sentiment.SentimentModels;
import io.pulsechat.sentiment.SentimentScorer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RoomShardTest {

  /** A store whose appends stay pending until the test completes them, in any order. */
  static final class HeldStore implements MessageStore {
    final Map<String, Promise<Void>> appends = new LinkedHashMap<>();
    final List<ChatMessage> stored = new ArrayList<>();
    final Map<String, ChatMessage> earlier = new LinkedHashMap<>();

    @Override
    public Future<Void> append(ChatMessage m) {
      Promise<Void> p = Promise.promise();
      appends.put(m.clientMsgId(), p);
      return p.future().onSuccess(v -> stored.add(m));
    }

    void complete(String clientMsgId) {
      appends.remove(clientMsgId).complete();
    }

    void fail(String clientMsgId) {
      appends.remove(clientMsgId).fail(new StoreUnavailableException("down"));
    }

    @Override
    public Future<HistoryPage> history(HistoryQuery q) {
      List<ChatMessage> latest = stored.subList(Math.max(0, stored.size() - q.limit()), stored.size());
      return Future.succeededFuture(new HistoryPage(q.room(), List.copyOf(latest), stored.size() > q.limit()));
    }

    int lookups;

    @Override
    public Future<ChatMessage> findByClientMsgId(String room, String user, String clientMsgId) {
      lookups++;
      return Future.succeededFuture(earlier.get(user + "/" + clientMsgId));
    }

    @Override
    public Future<Void> flush() {
      return Future.succeededFuture();
    }
  }

  record Published(String room, java.util.Set<String> nodes, JsonObject frame, String exceptUser) {
    String type() {
      return frame.getString("type");
    }
  }

  static final SentimentScorer SCORER = SentimentModels.loadDefault();
  final HeldStore store = new HeldStore();
  final List<Published> published = new ArrayList<>();
  final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
  final AtomicBoolean draining = new AtomicBoolean();
  final RoomShard shard = new RoomShard(new RoomShard.Settings("test", 3, Duration.ofMinutes(5), Duration.ofMinutes(10)),
      store, () -> SCORER, this::publish, GatewayMetrics.discarding(), clock::get, draining::get);

  void publish(String room, java.util.Collection<String> nodes, EncodedFrame frame, String exceptUser, String messageId) {
    published.add(new Published(room, java.util.Set.copyOf(nodes), new JsonObject(frame.json()), exceptUser));
  }

  List<Published> ofType(String type) {
    return published.stream().filter(p -> p.type().equals(type)).toList();
  }

  Future<ChatMessage> send(String user, String text, String clientMsgId) {
    return shard.send(new ShardMessages.Send("r", user, text, clientMsgId));
  }

  @Test
  void releasesMessagesInAcceptanceOrderWhateverOrderStorageAnswersIn() {
    shard.join("r", "ann", true);
    Future<ChatMessage> first = send("ann", "one", "c1");
    Future<ChatMessage> second = send("ann", "two", "c2");
    Future<ChatMessage> third = send("ann", "three", "c3");

    store.complete("c3");
    store.complete("c2");
    assertThat(ofType("message")).as("nothing leaves before the first message is stored").isEmpty();
    assertThat(second.isComplete()).isFalse();

    store.complete("c1");
    assertThat(ofType("message")).extracting(p -> p.frame().getString("text")).containsExactly("one", "two", "three");
    List<String> ids = List.of(first.result().id(), second.result().id(), third.result().id());
    assertThat(ids).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void aMessageStorageRefusedIsNeitherBroadcastNorBlockingTheOnesAfterIt() {
    shard.join("r", "ann", true);
    Future<ChatMessage> refused = send("ann", "one", "c1");
    Future<ChatMessage> next = send("ann", "two", "c2");
    store.complete("c2");
    store.fail("c1");

    assertThat(refused.failed()).isTrue();
    assertThat(refused.cause()).isInstanceOf(StoreUnavailableException.class);
    assertThat(next.succeeded()).isTrue();
    assertThat(ofType("message")).extracting(p -> p.frame().getString("text")).containsExactly("two");
  }

  @Test
  void aRefusedMessageCanBeResentUnderTheSameClientMessageId() {
    shard.join("r", "ann", true);
    send("ann", "one", "c1");
    store.fail("c1");
    Future<ChatMessage> resent = send("ann", "one", "c1");
    store.complete("c1");
    assertThat(resent.succeeded()).isTrue();
    assertThat(ofType("message")).hasSize(1);
  }

  @Test
  void aResendGetsTheOriginalAckAndIsNotBroadcastTwice() {
    shard.join("r", "ann", true);
    Future<ChatMessage> original = send("ann", "hello", "c1");
    Future<ChatMessage> whilePending = send("ann", "hello", "c1");
    store.complete("c1");
    Future<ChatMessage> afterStored = send("ann", "hello", "c1");

    assertThat(whilePending.result()).isEqualTo(original.result());
    assertThat(afterStored.result().id()).isEqualTo(original.result().id());
    assertThat(afterStored.result().ts()).isEqualTo(original.result().ts());
    assertThat(ofType("message")).hasSize(1);
    assertThat(store.stored).hasSize(1);
    assertThat(store.appends).isEmpty();
  }

  @Test
  void aResendThatOnlyStorageRemembersGetsTheStoredAckWithoutABroadcast() {
    ChatMessage before = new ChatMessage("r", "00000000000010000old", "ann", "hello", 1000, "c1", null);
    store.earlier.put("ann/c1", before);
    store.stored.add(before);
    // 50 newer messages push it out of the history the room loads: only storage's index knows it.
    for (int i = 0; i < 50; i++) {
      store.stored.add(new ChatMessage("r", "0000000000003" + String.format("%04d", i) + "old", "bob", "m", 3000, "b" + i,
          null));
    }
    shard.join("r", "ann", true);

    Future<ChatMessage> resent = send("ann", "hello", "c1");

    assertThat(resent.result()).isEqualTo(before);
    assertThat(ofType("message")).isEmpty();
    assertThat(store.appends).isEmpty();
  }

  @Test
  void aRoomWithoutStoredHistoryDoesNotAskStorageAboutClientMessageIds() {
    shard.join("r", "ann", true);
    send("ann", "one", "c1");
    store.complete("c1");
    send("ann", "two", "c2");
    store.complete("c2");
    assertThat(store.lookups).isZero();
  }

  @Test
  void aRoomLoadedWithHistoryAsksStorageAboutEachNewClientMessageId() {
    store.stored.add(new ChatMessage("r", "00000000000010000old", "bob", "hi", 1000, "b1", null));
    shard.join("r", "ann", true);
    send("ann", "one", "c1");
    store.complete("c1");
    send("ann", "one", "c1");
    assertThat(store.lookups).as("the resend is answered from memory").isEqualTo(1);
  }

  @Test
  void sendsAreRefusedAsUnavailableWhileDraining() {
    shard.join("r", "ann", true);
    draining.set(true);
    Future<ChatMessage> refused = send("ann", "late", "c1");
    assertThat(refused.cause()).isInstanceOf(StoreUnavailableException.class);
    assertThat(store.appends).isEmpty();
  }

  @Test
  void presenceGoesToTheOthersForAUsersFirstAndLastConnectionOnly() {
    shard.join("r", "ann", true);
    shard.join("r", "bob", true);
    shard.join("r", "bob", true);
    shard.leave("r", "bob");
    shard.leave("r", "bob");

    assertThat(ofType("presence")).extracting(p -> p.frame().getString("user") + " " + p.frame().getString("status")
            + " " + p.frame().getInteger("count") + " except " + p.exceptUser())
        .containsExactly("ann online 1 except ann", "bob online 2 except bob", "bob offline 1 except bob");
  }

  @Test
  void largeRoomsSendMembersFramesOncePerSecondWhenTheCountChangedInsteadOfPresence() {
    for (String user : List.of("a", "b", "c")) {
      shard.join("r", user, true);
    }
    published.clear();
    shard.join("r", "d", true);
    shard.join("r", "e", true);
    assertThat(ofType("presence")).as("no presence above the threshold of 3").isEmpty();

    shard.tick();
    shard.tick();
    assertThat(ofType("members")).extracting(p -> p.frame().getInteger("count")).containsExactly(5);

    shard.leave("r", "e");
    shard.tick();
    assertThat(ofType("members")).extracting(p -> p.frame().getInteger("count")).containsExactly(5, 4);
    assertThat(ofType("presence")).as("leaving a room of 5 sends no presence").isEmpty();
  }

  @Test
  void joinedCarriesTheLatestFiftyMessagesOldestFirstAndSortedMembers() {
    shard.join("r", "zed", true);
    for (int i = 0; i < 60; i++) {
      send("zed", "m" + i, "c" + i);
      store.complete("c" + i);
      clock.incrementAndGet();
    }
    ShardMessages.JoinResult joined = shard.join("r", "amy", true).result();
    assertThat(joined.history()).hasSize(50);
    assertThat(joined.history().get(0).text()).isEqualTo("m10");
    assertThat(joined.history().get(49).text()).isEqualTo("m59");
    assertThat(joined.members()).containsExactly("amy", "zed");
    assertThat(joined.count()).isEqualTo(2);
  }

  @Test
  void moodIsPushedOnANoticeableChangeAndNotRepeated() {
    shard.join("r", "ann", true);
    send("ann", "I love this, great day", "c1");
    store.complete("c1");
    shard.tick();
    shard.tick();
    List<Published> moods = ofType("mood");
    assertThat(moods).hasSize(1);
    assertThat(moods.get(0).frame().getJsonObject("mood").getInteger("positive")).isEqualTo(1);
  }

  @Test
  void framesGoOnceToEachNodeWithMembersOfTheRoom() {
    shard.join("r", "ann", true, "n1");
    shard.join("r", "bob", true, "n2");
    shard.join("r", "bob", true, "n2");
    send("ann", "to both nodes", "c1");
    store.complete("c1");
    shard.leave("r", "bob", "n2");
    shard.leave("r", "bob", "n2");
    send("ann", "to n1 only", "c2");
    store.complete("c2");

    assertThat(ofType("message")).extracting(Published::nodes)
        .containsExactly(java.util.Set.of("n1", "n2"), java.util.Set.of("n1"));
  }

  @Test
  void aNodeLeavingTheFleetTakesItsConnectionsOutOfTheRoom() {
    shard.join("r", "ann", true, "n1");
    shard.join("r", "bob", true, "n1");
    shard.join("r", "bob", true, "n2");
    shard.join("r", "cid", true, "n2");
    published.clear();

    shard.removeNode("n2");

    assertThat(ofType("presence")).as("bob still has a connection on n1").hasSize(1);
    assertThat(ofType("presence").get(0).frame().getString("user")).isEqualTo("cid");
    assertThat(ofType("presence").get(0).frame().getInteger("count")).isEqualTo(2);
    assertThat(send("cid", "from a dead node", "c1").failed()).isTrue();
  }

  @Test
  void connectionsTakenBackByANewOwnerCountWithoutPresenceFrames() {
    shard.rejoin("r", "n2", List.of("bob", "bob", "cid"));
    assertThat(published).as("nobody arrived").isEmpty();

    ShardMessages.JoinResult joined = shard.join("r", "ann", true, "n1").result();
    assertThat(joined.count()).isEqualTo(3);
    shard.leave("r", "bob", "n2");
    assertThat(send("bob", "one connection left", "c1").isComplete()).as("bob is still a member").isFalse();
  }

  @Test
  void aRoomTakenOverTellsItsMembersTheNewCountOnce() {
    shard.rejoin("r", "n2", List.of("bob", "cid"));
    shard.tick();
    shard.tick();

    assertThat(ofType("members")).hasSize(1);
    assertThat(ofType("members").get(0).frame().getInteger("count")).isEqualTo(2);
  }

  @Test
  void aRoomWithAPastSendsToEveryNodeUntilItsMembersHaveComeBack() {
    store.stored.add(new ChatMessage("r", "17000000000000000test", "ann", "before", 1L, "c0", null));
    shard.rejoin("r", "n1", List.of("ann"));
    send("ann", "right after the takeover", "c1");
    store.complete("c1");
    clock.addAndGet(Room.EVERYWHERE_AFTER_LOAD.toMillis());
    send("ann", "once settled", "c2");
    store.complete("c2");

    assertThat(ofType("message")).extracting(Published::nodes)
        .containsExactly(java.util.Set.copyOf(FanOut.EVERY_NODE), java.util.Set.of("n1"));
  }

  /** A fleet's snapshots of rooms' members, in memory. */
  static final class Snapshots implements MemberSnapshots {
    final Map<String, List<String>> saved = new LinkedHashMap<>();

    @Override
    public void save(String room, List<String> users) {
      saved.put(room, List.copyOf(users));
    }

    @Override
    public Future<List<String>> load(String room) {
      return Future.succeededFuture(saved.getOrDefault(room, List.of()));
    }
  }

  RoomShard fleetShard(Snapshots snapshots) {
    return new RoomShard(new RoomShard.Settings("test", 3, Duration.ofMinutes(5), Duration.ofMinutes(10)), store,
        new io.pulsechat.gateway.store.InMemoryMoodStore(), alert -> { }, snapshots, () -> SCORER, this::publish,
        GatewayMetrics.discarding(), clock::get, draining::get, MessageListener.NONE);
  }

  @Test
  void anOwnerKeepsWhoIsInItsSmallRoomsWhereTheFleetCanReadIt() {
    Snapshots snapshots = new Snapshots();
    RoomShard owner = fleetShard(snapshots);
    owner.join("r", "bob", true, "n1");
    owner.join("r", "ann", true, "n2");
    owner.tick();
    owner.leave("r", "bob", "n1");
    owner.tick();

    assertThat(snapshots.saved).containsEntry("r", List.of("ann"));
  }

  @Test
  void aNewOwnerNamesTheUsersWhoDiedWithTheOldOneOnceTheRoomSettles() {
    Snapshots snapshots = new Snapshots();
    snapshots.saved.put("r", List.of("ann", "bob", "cid"));
    store.stored.add(new ChatMessage("r", "17000000000000000test", "ann", "before", 1L, "c0", null));
    RoomShard successor = fleetShard(snapshots);
    successor.rejoin("r", "n2", List.of("bob"));
    successor.tick();
    assertThat(ofType("presence")).as("not before every node has handed its members back").isEmpty();

    clock.addAndGet(Room.EVERYWHERE_AFTER_LOAD.toMillis());
    successor.tick();

    assertThat(ofType("presence")).extracting(p -> p.frame().getString("user")).containsExactlyInAnyOrder("ann", "cid");
    assertThat(ofType("presence")).allSatisfy(p -> {
      assertThat(p.frame().getString("status")).isEqualTo("offline");
      assertThat(p.frame().getInteger("count")).isEqualTo(1);
    });
    assertThat(ofType("members")).as("the names replace the bare count").isEmpty();
  }

  @Test
  void aSendThatOvertakesItsNodesHandBackIsTakenWhileTheMovedRoomSettles() {
    Future<ChatMessage> early = send("bob", "before my node handed me back", "c1");
    store.complete("c1");
    assertThat(early.succeeded()).as("the sender's gateway vouched for its membership").isTrue();

    clock.addAndGet(Room.EVERYWHERE_AFTER_LOAD.toMillis());
    assertThat(send("bob", "never handed back", "c2").failed()).as("settled: members only").isTrue();
  }
}
