package io.pulsechat.gateway.conformance;

import static io.pulsechat.gateway.testing.ChatClient.joinFrame;
import static io.pulsechat.gateway.testing.Shapes.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.Shapes;
import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PROTOCOL.md "Identity" and the {@code join} row of "Client to server". */
@DisplayName("join")
class JoinConformanceIT {
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    // A raised burst only so that one client can fill a room with 55 messages quickly.
    gateway = TestGateway.start(Map.of("CHAT_RATE_BURST", "500"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  @DisplayName("joined to the caller: room, user, members (user names online, sorted), count (members online), history, mood")
  void joinedCarriesRoomUserSortedMembersCountHistoryAndMood() {
    String room = TestGateway.room("joined");
    gateway.join(room, "zoe");
    gateway.join(room, "adam");
    ChatClient mia = gateway.connect();

    JsonObject joined = mia.join(room, "mia");

    assertThat(joined.getString("room")).isEqualTo(room);
    assertThat(joined.getString("user")).isEqualTo("mia");
    assertThat(joined.getJsonArray("members").getList()).containsExactly("adam", "mia", "zoe");
    assertThat(joined.getValue("count")).isEqualTo(3);
    assertThat(joined.getJsonArray("history")).isEmpty();
    Shapes.assertMood(joined.getValue("mood"));
  }

  @Test
  @DisplayName("joined.history holds the latest min(n, 50) messages of the room, oldest first (n < 50)")
  void joinedHistoryHoldsAllOfAFewMessagesOldestFirst() {
    String room = TestGateway.room("joined-history-few");
    ChatClient writer = gateway.join(room, "writer");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(writer.say(room, "few " + i, "few-" + i).getString("id"));
    }

    ChatClient reader = gateway.connect();

    JsonArray history = reader.join(room, "reader").getJsonArray("history");

    assertThat(history).hasSize(3);
    for (int i = 0; i < 3; i++) {
      JsonObject m = history.getJsonObject(i);
      assertThat(m.getString("id")).isEqualTo(ids.get(i));
      assertThat(m.getString("text")).isEqualTo("few " + i);
      assertThat(m.getString("user")).isEqualTo("writer");
      assertThat(m.getString("clientMsgId")).isEqualTo("few-" + i);
      Shapes.assertTs(m.getValue("ts"));
      Shapes.assertSentiment(m.getValue("sentiment"));
    }
  }

  @Test
  @DisplayName("joined.history holds the latest min(n, 50) messages of the room, oldest first (n = 55)")
  void joinedHistoryHoldsTheLatestFiftyOfMany() {
    String room = TestGateway.room("joined-history-many");
    ChatClient writer = gateway.join(room, "writer");
    List<JsonObject> sends = new ArrayList<>();
    for (int i = 0; i < 55; i++) {
      sends.add(ChatClient.sendFrame(room, "many " + i, "many-" + i));
    }
    writer.sendAll(sends);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 55; i++) {
      JsonObject ack = writer.answerTo("many-" + i);
      assertThat(ack.getString("type")).as("answer %s", ack).isEqualTo("ack");
      ids.add(ack.getString("id"));
    }
    ChatClient reader = gateway.connect();

    JsonArray history = reader.join(room, "reader").getJsonArray("history");

    List<String> historyIds = history.stream().map(o -> ((JsonObject) o).getString("id")).toList();
    List<String> expected = ids.stream().sorted().toList().subList(5, 55);
    assertThat(historyIds).containsExactlyElementsOf(expected);
  }

  @Test
  @DisplayName("presence (online) goes to the other members, with room, user, status, count")
  void presenceOnlineGoesToTheOthers() {
    String room = TestGateway.room("presence-online");
    ChatClient ann = gateway.join(room, "ann");

    gateway.join(room, "ben");

    JsonObject presence = ann.awaitPresence("ben", "online");
    assertThat(presence.getString("room")).isEqualTo(room);
    assertThat(presence.getValue("count")).isEqualTo(2);
  }

  @Test
  @DisplayName("presence goes to the other members, never to the user who joined")
  void presenceNeverGoesToTheJoiner() {
    String room = TestGateway.room("presence-self");
    gateway.join(room, "ann");
    ChatClient ben = gateway.join(room, "ben");

    // A later join is a fence: presence about ben's own join would have reached ben before it.
    gateway.join(room, "cid");
    ben.awaitPresence("cid", "online");

    assertThat(ben.received()).noneMatch(f -> "presence".equals(f.getString("type")) && "ben".equals(f.getString("user")));
  }

  @Test
  @DisplayName("a user online on several connections counts once, and its presence online goes out for its first connection only")
  void aUserOnTwoConnectionsCountsOnceAndIsAnnouncedOnce() {
    String room = TestGateway.room("two-connections");
    ChatClient watcher = gateway.join(room, "watcher");
    gateway.join(room, "dana");
    assertThat(watcher.awaitPresence("dana", "online").getValue("count")).isEqualTo(2);

    ChatClient second = gateway.connect();
    JsonObject joined = second.join(room, "dana");

    assertThat(joined.getValue("count")).isEqualTo(2);
    assertThat(joined.getJsonArray("members").getList()).containsExactly("dana", "watcher");
    gateway.join(room, "fence");
    watcher.awaitPresence("fence", "online");
    assertThat(watcher.drain(f -> "presence".equals(f.getString("type")) && "dana".equals(f.getString("user"))))
        .as("presence for dana's second connection").isEmpty();
  }

  @Test
  @DisplayName("presence offline goes out when the user's last connection leaves, not before")
  void offlineOnlyWhenTheLastConnectionLeaves() {
    String room = TestGateway.room("last-connection");
    ChatClient watcher = gateway.join(room, "watcher");
    ChatClient first = gateway.join(room, "dana");
    ChatClient second = gateway.join(room, "dana");
    watcher.awaitPresence("dana", "online");

    first.send(new JsonObject().put("type", "leave").put("room", room));
    first.await("left");
    gateway.join(room, "fence1");
    watcher.awaitPresence("fence1", "online");
    assertThat(watcher.drain(f -> "presence".equals(f.getString("type")) && "dana".equals(f.getString("user"))))
        .as("presence while dana still has a connection in the room").isEmpty();

    second.close();

    JsonObject offline = watcher.awaitPresence("dana", "offline");
    assertThat(offline.getValue("count")).as("watcher and fence1 remain").isEqualTo(2);
  }

  @Test
  @DisplayName("a later join on the same connection with another user gets error bad_request (ref join); the connection stays open")
  void secondJoinWithAnotherUserIsRefused() {
    String room = TestGateway.room("identity");
    ChatClient client = gateway.join(room, "first");

    client.send(joinFrame(TestGateway.room("identity-other"), "second"));

    assertError(client.await("error"), "bad_request", "join");
    client.ping();
  }

  @Test
  @DisplayName("a later join on the same connection with the same user joins another room")
  void secondJoinWithTheSameUserIsAccepted() {
    ChatClient client = gateway.join(TestGateway.room("identity-same"), "same");
    String other = TestGateway.room("identity-same-other");

    JsonObject joined = client.join(other, "same");

    assertThat(joined.getString("user")).isEqualTo("same");
  }

  @ParameterizedTest(name = "user {0} is refused")
  @ValueSource(strings = {
      "",
      "abcdefghijklmnopqrstuvwxyzABCDEFG", // 33 code points
      "tab\there",
      "nul\u0000",
      "del\u007f",
      "c1\u0085",
      "\u0080c1",
      "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00"
          + "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00"
          + "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00"
          + "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00"
          + "\uD83D\uDE00", // 33 emoji
  })
  @DisplayName("user: 1–32 characters (code points), no control characters (Cc, including DEL and C1) -> bad_request")
  void invalidUsersAreRefused(String user) {
    ChatClient client = gateway.connect();

    client.send(joinFrame(TestGateway.room("bad-user"), user));

    assertError(client.await("error"), "bad_request", "join");
    client.ping();
  }

  @ParameterizedTest(name = "user {0} is accepted")
  @ValueSource(strings = {
      "a",
      "abcdefghijklmnopqrstuvwxyzABCDEF", // 32 code points
      "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00"
          + "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00"
          + "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00"
          + "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00", // 32 emoji
      "Zoë Ångström",
  })
  @DisplayName("user: 1–32 characters counted as code points, any non-control characters -> joined")
  void validUsersAreAccepted(String user) {
    ChatClient client = gateway.connect();

    JsonObject joined = client.join(TestGateway.room("good-user"), user);

    assertThat(joined.getString("user")).isEqualTo(user);
  }

  @ParameterizedTest(name = "room \"{0}\" is refused")
  @ValueSource(strings = {
      "",
      "r2345678901234567890123456789012345678901234567890123456789012345", // 65 characters
      "two words",
      "café",
      "dot.ted",
      "slash/room",
  })
  @DisplayName("room: 1–64 characters, each A–Z, a–z, 0–9, _ or - (no spaces) -> bad_request")
  void invalidRoomsAreRefused(String room) {
    ChatClient client = gateway.connect();

    client.send(joinFrame(room, "someone"));

    assertError(client.await("error"), "bad_request", "join");
    client.ping();
  }

  @ParameterizedTest(name = "room \"{0}\" is accepted")
  @ValueSource(strings = {
      "r23456789012345678901234567890123456789012345678901234567890_-64", // 64 characters
      "Z",
  })
  @DisplayName("room: 1–64 characters of A–Z, a–z, 0–9, _ and - -> joined")
  void validRoomsAreAccepted(String room) {
    ChatClient client = gateway.connect();

    JsonObject joined = client.join(room, "someone-" + System.nanoTime());

    assertThat(joined.getString("room")).isEqualTo(room);
  }
}
