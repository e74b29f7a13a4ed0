package io.pulsechat.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Gateways as separate processes sharing rooms: members spread over the fleet see one room,
 * a node killed with SIGKILL loses no acknowledged message, a node added while messages flow
 * serves at once. And with clustering off, one process is a gateway on its own, as before.
 */
class FleetIT {
  /** Failure detection of a SIGKILLed node and the hand-over of its rooms. */
  private static final Duration RECLAIM_TIMEOUT = Duration.ofSeconds(60);
  /** A node's loss is seen within a second or two here; the count follows it. */
  private static final Duration COUNT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration SEND_INTERVAL = Duration.ofMillis(100);

  @RegisterExtension
  final GatewayFleets fleets = new GatewayFleets();

  @Test
  void membersSpreadOverThreeGatewaysGetEveryMessageOnceInOneOrderAndFleetWideCounts() {
    GatewayFleet fleet = fleets.clustered(3);
    String room = TestGateway.room("spread");
    int perNode = 10;
    List<ChatClient> members = new ArrayList<>();
    List<String> users = new ArrayList<>();
    JsonObject lastJoined = null;
    // Joins alternate between the nodes, so every node's members interleave in the room's history.
    for (int i = 0; i < perNode; i++) {
      for (int n = 0; n < 3; n++) {
        String user = "n" + n + "-m" + i;
        ChatClient member = fleet.join(fleet.node(n), room, user);
        lastJoined = joinedFrame(member, room);
        members.add(member);
        users.add(user);
      }
    }
    int total = members.size();
    assertThat(lastJoined.getInteger("count")).as("count of the last joined, after members joined on 3 nodes")
        .isEqualTo(total);
    assertThat(lastJoined.getJsonArray("members").getList()).as("members of the last joined")
        .containsExactlyInAnyOrderElementsOf(users);
    for (ChatClient member : members.subList(0, total - 1)) {
      awaitCount(member, room, total, TestGateway.TIMEOUT);
    }

    // Two senders a node, every one writing before any waits, so sends from all nodes interleave.
    List<ChatClient> senders = new ArrayList<>();
    for (int n = 0; n < 3; n++) {
      senders.add(members.get(n));
      senders.add(members.get(3 + n));
    }
    int perSender = 10;
    for (int k = 0; k < perSender; k++) {
      for (int s = 0; s < senders.size(); s++) {
        senders.get(s).send(ChatClient.sendFrame(room, "hello " + k, "s" + s + "-" + k));
      }
    }
    Set<String> acked = new TreeSet<>();
    for (int s = 0; s < senders.size(); s++) {
      for (int k = 0; k < perSender; k++) {
        JsonObject answer = senders.get(s).answerTo("s" + s + "-" + k);
        assertThat(answer.getString("type")).as("answer %s", answer.encode()).isEqualTo("ack");
        acked.add(answer.getString("id"));
      }
    }
    assertThat(acked).as("distinct acked ids").hasSize(senders.size() * perSender);

    for (ChatClient member : members) {
      member.awaitN(f -> isMessage(f, room), acked.size(), "messages of " + room);
    }
    sleepQuietly(Duration.ofSeconds(1)); // any duplicate would be on its way by now
    List<String> expected = List.copyOf(acked);
    for (int m = 0; m < total; m++) {
      assertThat(messageIds(members.get(m), room))
          .as("ids %s received, in arrival order (acked, sorted: %s)", users.get(m), expected)
          .containsExactlyElementsOf(expected);
    }
  }

  @Test
  void aGatewayKilledMidRunLosesNoAckedMessageAndItsMembersLeaveTheCount() throws InterruptedException {
    GatewayFleet fleet = fleets.clustered(3);
    GatewayProcess victim = fleet.node(0);
    List<GatewayProcess> survivors = List.of(fleet.node(1), fleet.node(2));
    String room = TestGateway.room("kill");
    int perNode = 5;
    // The victim's members join first: a room owned by whoever touched it first is then the victim's.
    Map<String, ChatClient> onVictim = joinMembers(fleet, victim, room, "v", perNode);
    Map<String, ChatClient> onSurvivors = new LinkedHashMap<>();
    for (int s = 0; s < survivors.size(); s++) {
      onSurvivors.putAll(joinMembers(fleet, survivors.get(s), room, "s" + s, perNode));
    }
    // A name held by a guest key on a survivor: the room's next owner must go on holding it for its key.
    ChatClient keyHolder = fleet.connect(survivors.get(0));
    keyHolder.send(ChatClient.joinFrame(room, "held").put("guestKey", "held-key-0123456789")).await("joined");
    int total = onVictim.size() + onSurvivors.size() + 1;
    ChatClient watcher = onSurvivors.get("s1-m" + (perNode - 1));
    List<Sender> senders = List.of(
        new Sender(onSurvivors.get("s0-m0"), room, "s0-m0", SEND_INTERVAL),
        new Sender(onSurvivors.get("s1-m0"), room, "s1-m0", SEND_INTERVAL));
    // Counts are checked softly: a wrong count must not hide whether acked messages were lost.
    SoftAssertions softly = new SoftAssertions();
    try {
      TestGateway.until(() -> senders.stream().allMatch(s -> s.ackedCount() >= 10)
              && onVictim.values().stream().allMatch(c -> !messageIds(c, room).isEmpty()),
          TestGateway.TIMEOUT, () -> "10 acks per sender and a message at every member of the victim");

      // From now on the victim stores what it accepts without learning so; killed then, it has stored messages
      // it neither acknowledged nor broadcast: the senders resend them, and the new owner acks them from storage.
      StorageGate victimsStorage = fleet.storageOf(victim);
      victimsStorage.holdWriteAnswers();
      TestGateway.until(() -> victimsStorage.held() >= 1, TestGateway.TIMEOUT,
          () -> "a write of the victim's messages stored with its answer held");
      fleet.kill(victim);
      for (Map.Entry<String, ChatClient> e : onVictim.entrySet()) {
        e.getValue().awaitClose(); // the kernel resets the killed process's sockets
      }
      try {
        awaitCount(watcher, room, total - perNode, COUNT_TIMEOUT);
      } catch (AssertionError noDrop) {
        // Tells a count that is right but never announced from one that is wrong.
        ChatClient probe = fleet.join(survivors.get(0), room, "probe");
        softly.fail("the victim's members did not leave the count: " + noDrop.getMessage()
            + "; a user joining on a survivor now is told count " + joinedFrame(probe, room).getInteger("count")
            + " (" + (total - perNode + 1) + " if the victim's members are gone)");
        probe.send(new JsonObject().put("type", "leave").put("room", room)).await("left");
      }

      JsonObject impostor = fleet.connect(survivors.get(1)).send(ChatClient.joinFrame(room, "held")).await("error");
      softly.assertThat(impostor.getString("code")).as("a join as a guest-key holder after the takeover: %s",
          impostor.encode()).isEqualTo("name_taken");

      // The victim's members come back on the survivors and catch up after the last id they saw.
      Map<String, ChatClient> rejoined = new LinkedHashMap<>();
      Map<String, List<String>> caughtUp = new LinkedHashMap<>();
      JsonObject lastJoined = null;
      int next = 0;
      for (Map.Entry<String, ChatClient> e : onVictim.entrySet()) {
        List<String> seen = messageIds(e.getValue(), room);
        ChatClient back = fleet.join(survivors.get(next++ % survivors.size()), room, e.getKey());
        lastJoined = joinedFrame(back, room);
        rejoined.put(e.getKey(), back);
        caughtUp.put(e.getKey(), historyAfter(back, room, seen.get(seen.size() - 1)));
      }
      softly.assertThat(lastJoined.getInteger("count")).as("count once the victim's members rejoined on survivors")
          .isEqualTo(total);
      int ackedAtRejoin = senders.stream().mapToInt(Sender::ackedCount).sum();
      TestGateway.until(() -> senders.stream().mapToInt(Sender::ackedCount).sum() >= ackedAtRejoin + 20,
          RECLAIM_TIMEOUT, () -> "20 more acks on the survivors after the rejoin");
      List<ChatClient> everyone = new ArrayList<>(onSurvivors.values());
      everyone.addAll(rejoined.values());
      List<String> allAcked = finish(senders, everyone, room, RECLAIM_TIMEOUT);
      softly.assertThat(new TreeSet<>(allAcked)).as("acked ids are distinct").hasSize(allAcked.size());
      // Every member saw the room's first message, so nothing acked sorts before it.
      String first = messageIds(watcher, room).get(0);
      List<String> stored = new ArrayList<>(List.of(first));
      stored.addAll(historyAfter(watcher, room, first));
      softly.check(() -> assertInIdOrderWithEvery("the room's history after the kill", stored, allAcked));

      for (Map.Entry<String, ChatClient> e : onSurvivors.entrySet()) {
        softly.check(() -> assertInIdOrderWithEvery(e.getKey() + " (on a survivor throughout)",
            messageIds(e.getValue(), room), allAcked));
      }
      for (String user : onVictim.keySet()) {
        List<String> seenBefore = messageIds(onVictim.get(user), room);
        softly.check(() -> assertInIdOrderWithEvery(user + " before the kill", seenBefore, List.of()));
        // Live frames after the rejoin can repeat what history returned; the union keeps one of each.
        Set<String> union = new LinkedHashSet<>(seenBefore);
        union.addAll(caughtUp.get(user));
        union.addAll(messageIds(rejoined.get(user), room));
        softly.check(() -> assertInIdOrderWithEvery(
            user + " (seen before the kill + history after + seen after rejoining)", List.copyOf(union), allAcked));
      }
    } catch (AssertionError | RuntimeException hard) {
      softly.errorsCollected().forEach(hard::addSuppressed);
      throw hard;
    } finally {
      senders.forEach(Sender::close);
    }
    softly.assertAll();
  }

  @Test
  void aGatewayAddedMidRunTakesMembersAtOnce() throws InterruptedException {
    GatewayFleet fleet = fleets.clustered(3);
    String room = TestGateway.room("grow");
    int perNode = 3;
    Map<String, ChatClient> early = new LinkedHashMap<>();
    for (int n = 0; n < 3; n++) {
      early.putAll(joinMembers(fleet, fleet.node(n), room, "e" + n, perNode));
    }
    List<Sender> senders = new ArrayList<>();
    try {
      for (int n = 0; n < 3; n++) {
        String user = "e" + n + "-m0";
        senders.add(new Sender(early.get(user), room, user, SEND_INTERVAL));
      }
      TestGateway.until(() -> senders.stream().allMatch(s -> s.ackedCount() >= 5), TestGateway.TIMEOUT,
          () -> "5 acks per sender on the first 3 nodes");

      GatewayProcess fourth = fleet.add();
      Map<String, ChatClient> late = new LinkedHashMap<>();
      JsonObject lastJoined = null;
      for (int i = 0; i < perNode; i++) {
        String user = "l3-m" + i;
        ChatClient member = fleet.join(fourth, room, user);
        lastJoined = joinedFrame(member, room);
        late.put(user, member);
      }
      assertThat(lastJoined.getInteger("count")).as("count of the last member joined on the added node")
          .isEqualTo(early.size() + late.size());
      Sender newcomer = new Sender(late.get("l3-m0"), room, "l3-m0", SEND_INTERVAL);
      senders.add(newcomer);
      TestGateway.until(() -> newcomer.ackedCount() >= 5, RECLAIM_TIMEOUT, () -> "5 acks for the sender on the added node");
      List<ChatClient> everyone = new ArrayList<>(early.values());
      everyone.addAll(late.values());
      List<String> allAcked = finish(senders, everyone, room, TestGateway.TIMEOUT);
      for (Map.Entry<String, ChatClient> e : early.entrySet()) {
        assertInIdOrderWithEvery(e.getKey() + " (on the first 3 nodes)", messageIds(e.getValue(), room), allAcked);
      }
      for (Map.Entry<String, ChatClient> e : late.entrySet()) {
        List<String> seen = messageIds(e.getValue(), room);
        assertThat(seen).as("messages %s received on the added node", e.getKey()).isNotEmpty();
        // From its first message on, a member on the added node misses nothing.
        List<String> sinceJoin = allAcked.stream().filter(id -> id.compareTo(seen.get(0)) >= 0).toList();
        assertInIdOrderWithEvery(e.getKey() + " (on the added node)", seen, sinceJoin);
        assertThat(seen).as("%s received every message of the sender on the added node", e.getKey())
            .containsAll(newcomer.acked());
      }
    } finally {
      senders.forEach(Sender::close);
    }
  }

  @Test
  void withClusteringOffOneProcessIsAGatewayOnItsOwn() {
    GatewayFleet fleet = fleets.single();
    GatewayProcess node = fleet.node(0);
    TestGateway.HttpResult health = fleet.health(node);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().fieldNames()).as("/health with clustering off: %s", health.body())
        .doesNotContain("clusterNodes");
    assertThat(node.logTail(10_000).toLowerCase(java.util.Locale.ROOT)).as("log of a gateway with clustering off")
        .doesNotContain("hazelcast");

    String room = TestGateway.room("alone");
    ChatClient alice = fleet.join(node, room, "alice");
    ChatClient bob = fleet.connect(node);
    assertThat(bob.join(room, "bob").getInteger("count")).isEqualTo(2);
    assertThat(alice.awaitPresence("bob", "online").getInteger("count")).isEqualTo(2);
    JsonObject ack = bob.say(room, "hi alice", "b1");
    assertThat(alice.awaitMessage("bob", "b1").getString("id")).isEqualTo(ack.getString("id"));
  }

  @Test
  void withClusteringOffAckedMessagesOutliveASigkillAndAReconnectCatchesUp() throws InterruptedException {
    GatewayFleet fleet = fleets.single();
    GatewayProcess first = fleet.node(0);
    String room = TestGateway.room("durable");
    ChatClient reader = fleet.join(first, room, "reader");
    ChatClient writer = fleet.join(first, room, "writer");
    writer.say(room, "one", "w0");
    String lastSeen = reader.awaitMessage("writer", "w0").getString("id");
    reader.close();
    List<String> missed = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      missed.add(writer.say(room, "while away " + i, "w" + i).getString("id"));
    }

    fleet.kill(first);
    assertThat(first.alive()).isFalse();
    writer.awaitClose();
    GatewayProcess second = fleet.add();
    ChatClient back = fleet.join(second, room, "reader");
    assertThat(historyAfter(back, room, lastSeen)).as("history after the last id seen, from a new process")
        .containsExactlyElementsOf(missed);

    fleet.stop(second);
    assertThat(second.alive()).as("a node after SIGTERM").isFalse();
  }

  // ---- helpers

  /**
   * Stops the senders, then has each send one last message and waits until every member has it:
   * what was sent before it has been delivered by then. Returns every acked id, sorted.
   */
  private static List<String> finish(List<Sender> senders, List<ChatClient> everyone, String room, Duration timeout)
      throws InterruptedException {
    for (Sender s : senders) {
      s.stop();
    }
    List<String> acked = new ArrayList<>();
    for (Sender s : senders) {
      acked.addAll(s.acked());
      acked.add(s.deliver("last from " + s.user(), s.user() + "-final"));
    }
    for (ChatClient c : everyone) {
      for (Sender s : senders) {
        String clientMsgId = s.user() + "-final";
        c.await(f -> isMessage(f, room) && clientMsgId.equals(f.getString("clientMsgId")), clientMsgId, timeout);
      }
    }
    return acked.stream().sorted().toList();
  }

  private static Map<String, ChatClient> joinMembers(GatewayFleet fleet, GatewayProcess node, String room, String prefix,
                                                     int n) {
    Map<String, ChatClient> out = new LinkedHashMap<>();
    IntStream.range(0, n).forEach(i -> out.put(prefix + "-m" + i, fleet.join(node, room, prefix + "-m" + i)));
    return out;
  }

  private static boolean isMessage(JsonObject frame, String room) {
    return "message".equals(frame.getString("type")) && room.equals(frame.getString("room"));
  }

  /** Ids of every {@code message} of the room the client received, in arrival order. */
  private static List<String> messageIds(ChatClient client, String room) {
    return client.received().stream().filter(f -> isMessage(f, room)).map(f -> f.getString("id")).toList();
  }

  /** The first {@code presence} or {@code members} frame (large rooms) that says the room has {@code count} members. */
  private static JsonObject awaitCount(ChatClient client, String room, int count, Duration timeout) {
    Predicate<JsonObject> counts = f -> ("presence".equals(f.getString("type")) || "members".equals(f.getString("type")))
        && room.equals(f.getString("room"));
    try {
      return client.await(f -> counts.test(f) && Integer.valueOf(count).equals(f.getInteger("count")),
          "count " + count + " in " + room, timeout);
    } catch (AssertionError e) {
      throw new AssertionError("waited " + timeout.toSeconds() + " s for count " + count + " in " + room
          + "; presence and members frames received: " + client.received().stream().filter(counts)
          .map(JsonObject::encode).toList(), e);
    }
  }

  /** The {@code joined} frame a client got for the room (consumed by {@link GatewayFleet#join}). */
  private static JsonObject joinedFrame(ChatClient client, String room) {
    return client.received().stream()
        .filter(f -> "joined".equals(f.getString("type")) && room.equals(f.getString("room")))
        .reduce((first, second) -> second).orElseThrow();
  }

  /** Every message after {@code afterId}, page by page, as PROTOCOL.md tells a reconnecting client to catch up. */
  private static List<String> historyAfter(ChatClient client, String room, String afterId) {
    List<String> ids = new ArrayList<>();
    String cursor = afterId;
    while (true) {
      JsonObject page = client.history(ChatClient.historyFrame(room).put("after", cursor).put("limit", 200));
      assertThat(page.getString("type")).as("answer to history after %s: %s", cursor, page.encode())
          .isEqualTo("history");
      JsonArray messages = page.getJsonArray("messages");
      for (int i = 0; i < messages.size(); i++) {
        ids.add(messages.getJsonObject(i).getString("id"));
      }
      if (!page.getBoolean("more", false) || messages.isEmpty()) {
        return ids;
      }
      cursor = ids.get(ids.size() - 1);
    }
  }

  /** {@code ids} are strictly increasing (id order, no repeats) and hold every id of {@code required}. */
  private static void assertInIdOrderWithEvery(String who, List<String> ids, List<String> required) {
    for (int i = 1; i < ids.size(); i++) {
      assertThat(ids.get(i)).as("%s: id %d of %d comes after %s; ids %s", who, i, ids.size(), ids.get(i - 1), ids)
          .isGreaterThan(ids.get(i - 1));
    }
    Set<String> got = Set.copyOf(ids);
    List<String> missing = required.stream().filter(id -> !got.contains(id)).toList();
    assertThat(missing).as("%s: acked ids missing (of %d acked; got %d ids)", who, required.size(), ids.size())
        .isEmpty();
  }

  private static void sleepQuietly(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
