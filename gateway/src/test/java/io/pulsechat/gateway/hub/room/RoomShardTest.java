package io.pulsechat.gateway.hub.room;

import io.pulsechat.gateway.cluster.RoomTakeover;
import io.pulsechat.gateway.hub.delivery.FanOut;
import io.pulsechat.gateway.hub.routing.Fleet;
import io.pulsechat.gateway.hub.routing.ShardCommand;
import io.pulsechat.gateway.hub.routing.ShardReply;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.metrics.GatewayMetrics;
import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.EncodedFrame;
import io.pulsechat.gateway.protocol.HistoryPage;
import io.pulsechat.gateway.protocol.HistoryQuery;
import io.pulsechat.gateway.protocol.MemberName;
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
    public Future<Void> update(ChatMessage m) {
      stored.replaceAll(s -> s.id().equals(m.id()) ? m : s);
      return Future.succeededFuture();
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
  static final String LOCAL = "local";
  /** A fleet's takeover throughout: a room without a past behaves as on a gateway on its own. */
  final RoomShard shard = shard(new Snapshots());

  RoomShard shard(Fleet fleet) {
    return new RoomShard(new RoomShard.Setup(new RoomShard.Settings("test", 3, Duration.ofMinutes(5),
        RoomBounds.keepingEmpty(Duration.ofMinutes(10)), Duration.ofMinutes(1), -0.4, 10), store,
        new io.pulsechat.gateway.store.InMemoryMoodStore(), alert -> { }, fleet, () -> SCORER,
        GatewayMetrics.discarding(), clock::get, draining::get, MessageListener.NONE), this::publish);
  }

  static ChatMessage acked(Future<ShardReply> reply) {
    return ((ShardReply.Acked) reply.result()).message();
  }

  void publish(String room, java.util.Collection<String> nodes, EncodedFrame frame, String exceptUser, String messageId) {
    published.add(new Published(room, java.util.Set.copyOf(nodes), new JsonObject(frame.json()), exceptUser));
  }

  List<Published> ofType(String type) {
    return published.stream().filter(p -> p.type().equals(type)).toList();
  }

  static List<ShardCommand.Returning> returning(String... users) {
    return java.util.Arrays.stream(users).map(ShardCommand.Returning::new).toList();
  }

  Future<ShardReply> send(String user, String text, String clientMsgId) {
    return shard.handle(LOCAL, new ShardCommand.Send("r", user, text, clientMsgId));
  }

  @Test
  void releasesMessagesInAcceptanceOrderWhateverOrderStorageAnswersIn() {
    shard.handle(LOCAL, new ShardCommand.Join("r", "ann", true));
    Future<ShardReply> first = send("ann", "one", "c1");
    Future<ShardReply> second = send("ann", "two", "c2");
    Future<ShardReply> third = send("ann", "three", "c3");

    store.complete("c3");
    store.complete("c2");
    assertThat(ofType("message")).as("nothing leaves before the first message is stored").isEmpty();
    assertThat(second.isComplete()).isFalse();

    store.complete("c1");
    assertThat(ofType("message")).extracting(p -> p.frame().getString("text")).containsExactly("one", "two", "three");
    List<String> ids = List.of(acked(first).id(), acked(second).id(), acked(third).id());
    assertThat(ids).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void aMessageStorageRefusedIsNeitherBroadcastNorBlockingTheOnesAfterIt() {
    shard.handle(LOCAL, new ShardCommand.Join("r", "ann", true));
    Future<ShardReply> refused = send("ann", "one", "c1");
    Future<ShardReply> next = send("ann", "two", "c2");
    store.complete("c2");
    store.fail("c1");

    assertThat(refused.result()).isInstanceOf(ShardReply.Unavailable.class);
    assertThat(next.result()).isInstanceOf(ShardReply.Acked.class);
    assertThat(ofType("message")).extracting(p -> p.frame().getString("text")).containsExactly("two");
  }

  @Test
  void aRefusedMessageCanBeResentUnderTheSameClientMessageId() {
    shard.handle(LOCAL, new ShardCommand.Join("r", "ann", true));
    send("ann", "one", "c1");
    store.fail("c1");
    Future<ShardReply> resent = send("ann", "one", "c1");
    store.complete("c1");
    assertThat(resent.result()).isInstanceOf(ShardReply.Acked.class);
    assertThat(ofType("message")).hasSize(1);
  }

  @Test
  void aResendGetsTheOriginalAckAndIsNotBroadcastTwice() {
    shard.handle(LOCAL, new ShardCommand.Join("r", "ann", true));
    Future<ShardReply> original = send("ann", "hello", "c1");
    Future<ShardReply> whilePending = send("ann", "hello", "c1");
    store.complete("c1");
    Future<ShardReply> afterStored = send("ann", "hello", "c1");

    assertThat(whilePending.result()).isEqualTo(original.result());
    assertThat(acked(afterStored).id()).isEqualTo(acked(original).id());
    assertThat(acked(afterStored).ts()).isEqualTo(acked(original).ts());
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
    shard.handle(LOCAL, new ShardCommand.Join("r", "ann", true));
    published.clear(); // the loaded room's replay of its latest messages

    Future<ShardReply> resent = send("ann", "hello", "c1");

    assertThat(acked(resent)).isEqualTo(before);
    assertThat(ofType("message")).isEmpty();
    assertThat(store.appends).isEmpty();
  }

  @Test
  void aRoomWithoutStoredHistoryDoesNotAskStorageAboutClientMessageIds() {
    shard.handle(LOCAL, new ShardCommand.Join("r", "ann", true));
    send("ann", "one", "c1");
    store.complete("c1");
    send("ann", "two", "c2");
    store.complete("c2");
    assertThat(store.lookups).isZero();
  }

  @Test
  void aRoomLoadedWithHistoryAsksStorageAboutEachNewClientMessageId() {
    store.stored.add(new ChatMessage("r", "00000000000010000old", "bob", "hi", 1000, "b1", null));
    shard.handle(LOCAL, new ShardCommand.Join("r", "ann", true));
    send("ann", "one", "c1");
    store.complete("c1");
    send("ann", "one", "c1");
    assertThat(store.lookups).as("the resend is answered from memory").isEqualTo(1);
  }

  @Test
  void sendsAreRefusedAsUnavailableWhileDraining() {
    shard.handle(LOCAL, new ShardCommand.Join("r", "ann", true));
    draining.set(true);
    Future<ShardReply> refused = send("ann", "late", "c1");
    assertThat(refused.result()).isInstanceOf(ShardReply.Unavailable.class);
    assertThat(store.appends).isEmpty();
  }

  @Test
  void presenceGoesToTheOthersForAUsersFirstAndLastConnectionOnly() {
    shard.handle(LOCAL, new ShardCommand.Join("r", "ann", true));
    shard.handle(LOCAL, new ShardCommand.Join("r", "bob", true));
    shard.handle(LOCAL, new ShardCommand.Join("r", "bob", true));
    shard.handle(LOCAL, new ShardCommand.Leave("r", "bob"));
    shard.handle(LOCAL, new ShardCommand.Leave("r", "bob"));

    assertThat(ofType("presence")).extracting(p -> p.frame().getString("user") + " " + p.frame().getString("status")
            + " " + p.frame().getInteger("count") + " except " + p.exceptUser())
        .containsExactly("ann online 1 except ann", "bob online 2 except bob", "bob offline 1 except bob");
  }

  @Test
  void largeRoomsSendMembersFramesOncePerSecondWhenTheCountChangedInsteadOfPresence() {
    for (String user : List.of("a", "b", "c")) {
      shard.handle(LOCAL, new ShardCommand.Join("r", user, true));
    }
    published.clear();
    shard.handle(LOCAL, new ShardCommand.Join("r", "d", true));
    shard.handle(LOCAL, new ShardCommand.Join("r", "e", true));
    assertThat(ofType("presence")).as("no presence above the threshold of 3").isEmpty();

    shard.tick();
    shard.tick();
    assertThat(ofType("members")).extracting(p -> p.frame().getInteger("count")).containsExactly(5);

    shard.handle(LOCAL, new ShardCommand.Leave("r", "e"));
    shard.tick();
    assertThat(ofType("members")).extracting(p -> p.frame().getInteger("count")).containsExactly(5, 4);
    assertThat(ofType("presence")).as("leaving a room of 5 sends no presence").isEmpty();
  }

  @Test
  void joinedCarriesTheLatestFiftyMessagesOldestFirstAndSortedMembers() {
    shard.handle(LOCAL, new ShardCommand.Join("r", "zed", true));
    for (int i = 0; i < 60; i++) {
      send("zed", "m" + i, "c" + i);
      store.complete("c" + i);
      clock.incrementAndGet();
    }
    ShardReply.Joined joined = (ShardReply.Joined) shard.handle(LOCAL, new ShardCommand.Join("r", "amy", true)).result();
    assertThat(joined.history()).hasSize(50);
    assertThat(joined.history().get(0).text()).isEqualTo("m10");
    assertThat(joined.history().get(49).text()).isEqualTo("m59");
    assertThat(joined.members()).containsExactly("amy", "zed");
    assertThat(joined.count()).isEqualTo(2);
  }

  @Test
  void moodIsPushedOnANoticeableChangeAndNotRepeated() {
    shard.handle(LOCAL, new ShardCommand.Join("r", "ann", true));
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
    shard.handle("n1", new ShardCommand.Join("r", "ann", true));
    shard.handle("n2", new ShardCommand.Join("r", "bob", true));
    shard.handle("n2", new ShardCommand.Join("r", "bob", true));
    send("ann", "to both nodes", "c1");
    store.complete("c1");
    shard.handle("n2", new ShardCommand.Leave("r", "bob"));
    shard.handle("n2", new ShardCommand.Leave("r", "bob"));
    send("ann", "to n1 only", "c2");
    store.complete("c2");

    assertThat(ofType("message")).extracting(Published::nodes)
        .containsExactly(java.util.Set.of("n1", "n2"), java.util.Set.of("n1"));
  }

  @Test
  void aNodeLeavingTheFleetTakesItsConnectionsOutOfTheRoom() {
    shard.handle("n1", new ShardCommand.Join("r", "ann", true));
    shard.handle("n1", new ShardCommand.Join("r", "bob", true));
    shard.handle("n2", new ShardCommand.Join("r", "bob", true));
    shard.handle("n2", new ShardCommand.Join("r", "cid", true));
    published.clear();

    shard.handle(null, new ShardCommand.DropNode("n2"));

    assertThat(ofType("presence")).as("bob still has a connection on n1").hasSize(1);
    assertThat(ofType("presence").get(0).frame().getString("user")).isEqualTo("cid");
    assertThat(ofType("presence").get(0).frame().getInteger("count")).isEqualTo(2);
    assertThat(send("cid", "from a dead node", "c1").result()).isInstanceOf(ShardReply.NotMember.class);
  }

  @Test
  void connectionsTakenBackByANewOwnerCountWithoutPresenceFrames() {
    shard.handle("n2", new ShardCommand.Rejoin("r", returning("bob", "bob", "cid")));
    assertThat(published).as("nobody arrived").isEmpty();

    ShardReply.Joined joined = (ShardReply.Joined) shard.handle("n1", new ShardCommand.Join("r", "ann", true)).result();
    assertThat(joined.count()).isEqualTo(3);
    shard.handle("n2", new ShardCommand.Leave("r", "bob"));
    assertThat(send("bob", "one connection left", "c1").isComplete()).as("bob is still a member").isFalse();
  }

  @Test
  void aNameHeldByAGuestKeyStaysHeldAfterATakeover() {
    shard.handle("n2", new ShardCommand.Rejoin("r", List.of(new ShardCommand.Returning("ann", "ann-key", null))));

    assertThat(shard.handle("n1", new ShardCommand.Join("r", "ann", true, "impostor-key")).result())
        .isInstanceOf(ShardReply.NameTaken.class);
    assertThat(shard.handle("n1", new ShardCommand.Join("r", "ann", true)).result())
        .as("nor without a key").isInstanceOf(ShardReply.NameTaken.class);
    assertThat(shard.handle("n1", new ShardCommand.Join("r", "ann", true, "ann-key")).result())
        .isInstanceOf(ShardReply.Joined.class);
  }

  @Test
  void usersTakenBackKeepTheirDisplayNames() {
    shard.handle("n2", new ShardCommand.Rejoin("r", List.of(new ShardCommand.Returning("sub-1", null, "Ann Lee"),
        new ShardCommand.Returning("bob"))));

    ShardReply.Joined joined = (ShardReply.Joined) shard.handle("n1", new ShardCommand.Join("r", "cid", true)).result();

    assertThat(joined.names()).containsExactly(new MemberName("sub-1", "Ann Lee"));
  }

  @Test
  void aRoomTakenOverTellsItsMembersTheNewCountOnce() {
    shard.handle("n2", new ShardCommand.Rejoin("r", returning("bob", "cid")));
    shard.tick();
    shard.tick();

    assertThat(ofType("members")).hasSize(1);
    assertThat(ofType("members").get(0).frame().getInteger("count")).isEqualTo(2);
  }

  @Test
  void aRoomWithAPastSendsToEveryNodeUntilItsMembersHaveComeBack() {
    store.stored.add(new ChatMessage("r", "17000000000000000test", "ann", "before", 1L, "c0", null));
    shard.handle("n1", new ShardCommand.Rejoin("r", returning("ann")));
    send("ann", "right after the takeover", "c1");
    store.complete("c1");
    clock.addAndGet(RoomTakeover.SETTLE_TIME.toMillis());
    send("ann", "once settled", "c2");
    store.complete("c2");

    assertThat(ofType("message")).filteredOn(p -> !p.frame().getString("text").equals("before"))
        .extracting(Published::nodes)
        .containsExactly(java.util.Set.copyOf(FanOut.EVERY_NODE), java.util.Set.of("n1"));
  }

  @Test
  void aRoomWithAPastOnAGatewayOnItsOwnNeverMovedSoItNeitherSettlesNorReplays() {
    store.stored.add(new ChatMessage("r", "17000000000000000test", "ann", "before", 1L, "c0", null));
    RoomShard alone = shard(Fleet.alone(1));
    alone.handle(LOCAL, new ShardCommand.Join("r", "ann", true));
    Future<ShardReply> stranger = alone.handle(LOCAL, new ShardCommand.Send("r", "bob", "not a member", "b1"));

    assertThat(ofType("message")).isEmpty();
    assertThat(stranger.result()).isInstanceOf(ShardReply.NotMember.class);
  }

  @Test
  void aMessageAnOwnerStoredButDiedBeforeBroadcastingReachesTheMembersThroughTheNewOwner() {
    ChatMessage stored = new ChatMessage("r", "17000000000000000test", "bob", "stored, never broadcast", 1L, "b1",
        null);
    store.stored.add(stored);

    // The sender resends it to the new owner under the same client message id: acked from storage.
    Future<ShardReply> resent = send("bob", "stored, never broadcast", "b1");
    Future<ShardReply> next = send("bob", "after the takeover", "b2");
    store.complete("b2");

    assertThat(acked(resent).id()).isEqualTo(stored.id());
    assertThat(ofType("message")).as("the stored message goes out again, to every node, before the new owner's own")
        .extracting(p -> p.frame().getString("id"), Published::nodes)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(stored.id(), java.util.Set.copyOf(FanOut.EVERY_NODE)),
            org.assertj.core.groups.Tuple.tuple(acked(next).id(), java.util.Set.copyOf(FanOut.EVERY_NODE)));
  }

  /** A fleet that keeps rooms' members' snapshots in memory, with the fleet's takeover of rooms. */
  static final class Snapshots implements Fleet {
    final Fleet alone = Fleet.alone(1);
    final Map<String, List<String>> saved = new LinkedHashMap<>();

    @Override
    public void saveMembers(String room, List<String> users) {
      saved.put(room, List.copyOf(users));
    }

    @Override
    public Future<io.pulsechat.gateway.hub.routing.Takeover> takeover(String room) {
      return Future.succeededFuture(new RoomTakeover(saved.getOrDefault(room, List.of())));
    }

    @Override
    public Future<ShardReply> orOwnerLeft(String ownerNode, Future<ShardReply> reply) {
      return reply;
    }

    @Override
    public String node() {
      return alone.node();
    }

    @Override
    public java.util.Collection<String> nodes() {
      return alone.nodes();
    }

    @Override
    public Future<String> ownerOf(String room) {
      return alone.ownerOf(room);
    }

    @Override
    public void relay(String node, io.pulsechat.gateway.hub.routing.RelayMessage.Delivery delivery) {
      alone.relay(node, delivery);
    }
  }

  RoomShard fleetShard(Snapshots snapshots) {
    return shard(snapshots);
  }

  @Test
  void anOwnerKeepsWhoIsInItsSmallRoomsWhereTheFleetCanReadIt() {
    Snapshots snapshots = new Snapshots();
    RoomShard owner = fleetShard(snapshots);
    owner.handle("n1", new ShardCommand.Join("r", "bob", true));
    owner.handle("n2", new ShardCommand.Join("r", "ann", true));
    owner.tick();
    owner.handle("n1", new ShardCommand.Leave("r", "bob"));
    owner.tick();

    assertThat(snapshots.saved).containsEntry("r", List.of("ann"));
  }

  @Test
  void aNewOwnerNamesTheUsersWhoDiedWithTheOldOneOnceTheRoomSettles() {
    Snapshots snapshots = new Snapshots();
    snapshots.saved.put("r", List.of("ann", "bob", "cid"));
    store.stored.add(new ChatMessage("r", "17000000000000000test", "ann", "before", 1L, "c0", null));
    RoomShard successor = fleetShard(snapshots);
    successor.handle("n2", new ShardCommand.Rejoin("r", returning("bob")));
    successor.tick();
    assertThat(ofType("presence")).as("not before every node has handed its members back").isEmpty();

    clock.addAndGet(RoomTakeover.SETTLE_TIME.toMillis());
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
    Future<ShardReply> early = send("bob", "before my node handed me back", "c1");
    store.complete("c1");
    assertThat(early.result()).as("the sender's gateway vouched for its membership")
        .isInstanceOf(ShardReply.Acked.class);

    clock.addAndGet(RoomTakeover.SETTLE_TIME.toMillis());
    assertThat(send("bob", "never handed back", "c2").result()).as("settled: members only")
        .isInstanceOf(ShardReply.NotMember.class);
  }

  @Test
  void whomTheDeletePermissionAllowsDeletesAnothersMessageAndTheFrameSaysWho() {
    MessageRules moderated = new MessageRules(MessageRules.DEFAULTS.reactions(),
        MessageRules.DEFAULTS.typingIntervalMs(), (room, user, message) -> user.equals("mod"));
    RoomShard withRoles = new RoomShard(new RoomShard.Setup(new RoomShard.Settings("test", 3, Duration.ofMinutes(5),
        RoomBounds.keepingEmpty(Duration.ofMinutes(10)), Duration.ofMinutes(1), -0.4, 10), store,
        new io.pulsechat.gateway.store.InMemoryMoodStore(), alert -> { }, new Snapshots(), () -> SCORER,
        GatewayMetrics.discarding(), clock::get, draining::get, MessageListener.NONE, moderated), this::publish);
    for (String user : List.of("ann", "mod", "eve")) {
      withRoles.handle(LOCAL, new ShardCommand.Join("r", user, true));
    }
    Future<ShardReply> sent = withRoles.handle(LOCAL, new ShardCommand.Send("r", "ann", "hello", "c1"));
    store.complete("c1");
    String id = acked(sent).id();

    assertThat(withRoles.handle(LOCAL, new ShardCommand.Delete("r", "eve", id)).result())
        .isInstanceOf(ShardReply.Forbidden.class);
    assertThat(withRoles.handle(LOCAL, new ShardCommand.Edit("r", "mod", id, "moderated")).result())
        .as("a moderator deletes, never edits").isInstanceOf(ShardReply.Forbidden.class);
    assertThat(withRoles.handle(LOCAL, new ShardCommand.Delete("r", "mod", id)).result()).isEqualTo(ShardReply.DONE);
    assertThat(ofType("deleted")).extracting(p -> p.frame().getString("by")).containsExactly("mod");
    assertThat(store.stored).singleElement().satisfies(m -> assertThat(m.deleted()).isTrue());
  }
}
