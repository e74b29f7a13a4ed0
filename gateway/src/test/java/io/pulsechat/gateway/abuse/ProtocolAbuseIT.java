package io.pulsechat.gateway.abuse;

import static io.pulsechat.gateway.testing.ChatClient.joinFrame;
import static io.pulsechat.gateway.testing.ChatClient.sendFrame;
import static io.pulsechat.gateway.testing.Shapes.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One hostile client against the protocol's allowances, names and frames, each test the attack
 * it stops: the real gateway with its default limits on a free port, real WebSocket clients.
 * Bounds on what got through allow for the tokens refilled while the flood lasted.
 */
@Timeout(120)
class ProtocolAbuseIT {
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    // The floods here are judged by their allowances alone: on a slow machine 2,000 frames can take longer
    // than the default 5 s that makes refusals sustained abuse (1008), which LimitsConformanceIT covers.
    gateway = TestGateway.start(Map.of("CHAT_ABUSE_AFTER_S", "20"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static Predicate<JsonObject> typeIn(String... types) {
    Set<String> wanted = Set.of(types);
    return f -> wanted.contains(f.getString("type"));
  }

  private static long count(List<JsonObject> frames, String type) {
    return frames.stream().filter(f -> type.equals(f.getString("type"))).count();
  }

  private static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Every error here is rate_limited with one of these refs. */
  private static void assertRateLimited(List<JsonObject> answers, String... refs) {
    answers.stream().filter(f -> "error".equals(f.getString("type"))).forEach(e -> {
      assertThat(e.getString("code")).as("code of %s", e).isEqualTo("rate_limited");
      assertThat(e.getString("ref")).as("ref of %s", e).isIn((Object[]) refs);
    });
  }

  @Test
  @DisplayName("JoinLeaveFloodIsRateLimited: 2,000 join/leave frames pass 60 and 10 a second; the listeners hear no more; the connection stays open")
  void joinLeaveFloodIsRateLimited() {
    String room = TestGateway.room("presence-flood");
    List<ChatClient> listeners = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      listeners.add(gateway.join(room, "listener" + i));
    }
    ChatClient flooder = gateway.connect();
    List<JsonObject> flood = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      flood.add(joinFrame(room, "flooder"));
      flood.add(new JsonObject().put("type", "leave").put("room", room));
    }
    long start = System.nanoTime();

    flooder.sendAll(flood);
    // Every leave is answered at once; a join still on its way to the room when the next leave came is not
    // answered at all, and once the last leave is, nothing more is.
    flooder.awaitN(f -> "left".equals(f.getString("type")) || "leave".equals(f.getString("ref")), 1_000,
        "answers to the leaves");
    double seconds = secondsSince(start);
    List<JsonObject> answers = flooder.received();

    long served = 2_000 - count(answers, "error");
    assertThat(served).as("joins and leaves served within %.2f s", seconds)
        .isGreaterThanOrEqualTo(60).isLessThanOrEqualTo(60 + (long) Math.ceil(10 * seconds));
    assertRateLimited(answers, "join", "leave");
    flooder.ping();
    // A last arrival after the flood: once the listeners hear it, they have heard the flood.
    gateway.join(room, "marker");
    for (ChatClient listener : listeners) {
      listener.awaitPresence("marker", "online");
      long heard = listener.received().stream()
          .filter(f -> "presence".equals(f.getString("type")) && "flooder".equals(f.getString("user"))).count();
      assertThat(heard).as("presence frames of the flooder at a listener").isLessThanOrEqualTo(served);
    }
  }

  @Test
  @DisplayName("HistoryFloodIsRateLimited: 2,000 history requests of 200 messages are served 20 and 5 a second, the rest get rate_limited")
  void historyFloodIsRateLimited() {
    String room = TestGateway.room("history-flood");
    ChatClient reader = gateway.join(room, "hoarder");
    reader.say(room, "something to read", "h-1");
    List<JsonObject> flood = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      flood.add(new JsonObject().put("type", "history").put("room", room).put("limit", 200));
    }
    long start = System.nanoTime();

    reader.sendAll(flood);
    List<JsonObject> answers = reader.awaitN(f -> "history".equals(f.getString("type"))
        || "error".equals(f.getString("type")), 2_000, "answers to the flood");
    double seconds = secondsSince(start);

    long served = count(answers, "history");
    assertThat(served).as("history requests served within %.2f s", seconds)
        .isGreaterThanOrEqualTo(20).isLessThanOrEqualTo(20 + (long) Math.ceil(5 * seconds));
    assertRateLimited(answers, "history");
    reader.ping();
  }

  @Test
  @DisplayName("OneConnectionCannotJoinThousandsOfRooms: of 3,000 rooms one connection gets 50; the 51st is too_many_rooms")
  void oneConnectionCannotJoinThousandsOfRooms() {
    ChatClient roamer = gateway.connect();
    List<JsonObject> joins = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      joins.add(joinFrame(TestGateway.room("roam" + i), "roamer"));
    }

    roamer.sendAll(joins);
    List<JsonObject> answers = roamer.awaitN(typeIn("joined", "error"), 3_000, "answers to the joins");

    assertThat(count(answers, "joined")).isEqualTo(50);
    List<JsonObject> errors = answers.stream().filter(f -> "error".equals(f.getString("type"))).toList();
    assertThat(errors).allSatisfy(e -> assertThat(e.getString("code")).isIn("too_many_rooms", "rate_limited"));
    assertError(errors.stream().filter(e -> "too_many_rooms".equals(e.getString("code"))).findFirst().orElseThrow(),
        "too_many_rooms", "join");
    roamer.ping();
  }

  @Test
  @DisplayName("ManyConnectionsCannotFillTheNodeWithRooms: past CHAT_MAX_ROOMS a new room is unavailable until an empty one makes way")
  void manyConnectionsCannotFillTheNodeWithRooms() {
    try (TestGateway small = TestGateway.start(Map.of("CHAT_MAX_ROOMS", "20", "CHAT_ROOM_SHARDS", "1"))) {
      ChatClient first = small.connect();
      for (int i = 0; i < 20; i++) {
        first.join("full" + i, "filler");
      }
      ChatClient second = small.connect();

      second.send(joinFrame("one-too-many", "latecomer"));
      assertError(second.awaitError("join"), "unavailable", "join");

      first.send(new JsonObject().put("type", "leave").put("room", "full0"));
      first.await("left");
      assertThat(second.join("one-too-many", "latecomer").getString("room")).isEqualTo("one-too-many");
    }
  }

  @Test
  @DisplayName("OneUserOnManyConnectionsCannotOutsend: 20 connections of one user get the sends of one user, 40 and 20 a second")
  void oneUserOnManyConnectionsCannotOutsend() {
    String room = TestGateway.room("one-user");
    List<ChatClient> connections = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      connections.add(gateway.join(room, "mallory"));
    }
    long start = System.nanoTime();

    for (int c = 0; c < connections.size(); c++) {
      List<JsonObject> burst = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        burst.add(sendFrame(room, "mine " + i, "c" + c + "-" + i));
      }
      connections.get(c).sendAll(burst);
    }
    long acked = 0;
    List<JsonObject> errors = new ArrayList<>();
    for (int c = 0; c < connections.size(); c++) {
      for (int i = 0; i < 40; i++) {
        JsonObject answer = connections.get(c).answerTo("c" + c + "-" + i);
        if ("ack".equals(answer.getString("type"))) {
          acked++;
        } else {
          errors.add(answer);
        }
      }
    }
    double seconds = secondsSince(start);

    assertThat(acked).as("sends of one user accepted within %.2f s over 20 connections", seconds)
        .isGreaterThanOrEqualTo(40).isLessThanOrEqualTo(40 + (long) Math.ceil(20 * seconds));
    assertThat(errors).allSatisfy(e -> assertThat(e.getString("code")).isEqualTo("rate_limited"));
    assertThat(errors).anySatisfy(e -> assertThat(e.getString("message")).contains("this user"));
    connections.forEach(ChatClient::ping);
  }

  @Test
  @DisplayName("InvisibleNamesAreRefused: a space, zero-width characters, a no-break space or spaces at the ends make bad_request; names are NFC")
  void invisibleNamesAreRefused() {
    ChatClient client = gateway.connect();
    String room = TestGateway.room("names");
    for (String name : List.of(" ", "\u200b", "alice\u200b", "\u200dalice", " alice", "alice ", "a\u00a0b",
        "a\u2028b", "\u2060")) {
      client.send(joinFrame(room, name));
      assertError(client.awaitError("join"), "bad_request", "join");
    }

    assertThat(client.join(room, "Zoe\u0308").getString("user")).as("NFC").isEqualTo("Zo\u00eb");
  }

  @Test
  @DisplayName("BidiOverrideNameIsRefused: \"\\u202eevil\" (shown as \"live\") and the other bidi controls make bad_request")
  void bidiOverrideNameIsRefused() {
    ChatClient client = gateway.connect();
    String room = TestGateway.room("bidi");
    for (String name : List.of("\u202eevil", "ev\u202dil", "a\u200fb", "a\u2067b\u2069", "\u061cx")) {
      client.send(joinFrame(room, name));
      assertError(client.awaitError("join"), "bad_request", "join");
    }
    client.join(room, "evil");
  }

  @Test
  @DisplayName("LoneSurrogateIsRefused: in a name or a text, a lone surrogate makes bad_request and nothing is stored or sent")
  void loneSurrogateIsRefused() {
    String room = TestGateway.room("surrogate");
    ChatClient client = gateway.connect();
    ChatClient listener = gateway.join(room, "listener");

    // Text frames are UTF-8, so a lone surrogate can arrive only as a JSON escape.
    client.sendText("{\"type\":\"join\",\"room\":\"" + room + "\",\"user\":\"evil\\udc00\"}");
    assertError(client.awaitError("join"), "bad_request", "join");
    client.join(room, "evil");
    client.sendText("{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"evil\\udc00\",\"clientMsgId\":\"s1\"}");
    assertError(client.awaitError("s1"), "bad_request", "s1");
    client.sendText("{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"nul\\u0000\",\"clientMsgId\":\"s2\"}");
    assertError(client.awaitError("s2"), "bad_request", "s2");

    client.say(room, "fine \ud83d\ude00", "s3");
    listener.awaitMessage("evil", "s3");
    assertThat(listener.received()).noneMatch(f -> "message".equals(f.getString("type"))
        && !"s3".equals(f.getString("clientMsgId")));
    JsonObject history = client.history(new JsonObject().put("type", "history").put("room", room));
    assertThat(history.getJsonArray("messages")).hasSize(1);
  }

  @Test
  @DisplayName("InvalidUtf8ClosesWith1007: a text frame whose bytes are not UTF-8 closes the connection with 1007")
  void invalidUtf8ClosesWith1007() {
    ChatClient client = gateway.connect();
    byte[] head = "{\"type\":\"ping\",\"x\":\"".getBytes(StandardCharsets.US_ASCII);
    byte[] bytes = new byte[head.length + 3];
    System.arraycopy(head, 0, bytes, 0, head.length);
    bytes[head.length] = (byte) 0xff;
    bytes[head.length + 1] = '"';
    bytes[head.length + 2] = '}';

    client.sendFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, bytes, true));

    assertThat(client.awaitClose()).isEqualTo((short) 1007);
  }

  @Test
  @DisplayName("FragmentedOversizedFrameClosesWith1009: a 20 KB join in two fragments closes with 1009; fragments within 16 KiB are one message")
  void fragmentedOversizedFrameClosesWith1009() {
    String room = TestGateway.room("fragments");
    ChatClient fine = gateway.connect();
    // An emoji split between the fragments: the message is decoded whole, not fragment by fragment.
    byte[] join = ("{\"type\":\"join\",\"room\":\"" + room + "\",\"user\":\"frag\ud83d\ude00\"}")
        .getBytes(StandardCharsets.UTF_8);
    int cut = join.length - 4;
    fine.sendFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, java.util.Arrays.copyOf(join, cut), false));
    fine.sendFrame(WebSocketFrame.continuationFrame(Buffer.buffer(java.util.Arrays.copyOfRange(join, cut, join.length)),
        true));
    assertThat(fine.await("joined").getString("user")).isEqualTo("frag\ud83d\ude00");

    ChatClient big = gateway.connect();
    String padded = "{\"type\":\"join\",\"room\":\"" + room + "\",\"user\":\"big\",\"pad\":\"" + "x".repeat(20_000)
        + "\"}";
    big.sendFrame(WebSocketFrame.textFrame(padded.substring(0, 10_000), false));
    big.sendFrame(WebSocketFrame.continuationFrame(Buffer.buffer(padded.substring(10_000)), true));

    assertThat(big.awaitClose()).isEqualTo((short) 1009);
  }

  @Test
  @DisplayName("FlagFloodIsBounded: 300 flags from one connection pass 10 and 1 a second; flags under 100 throwaway names from one address pass 60 a minute")
  void flagFloodIsBounded() {
    String room = TestGateway.room("flags");
    ChatClient author = gateway.join(room, "author");
    String id = author.say(room, "what a lovely day", "f-1").getString("id");
    JsonObject flag = new JsonObject().put("type", "flag").put("room", room).put("id", id).put("label", "negative");
    ChatClient flagger = gateway.join(room, "flagger");
    List<JsonObject> flood = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      flood.add(flag);
    }
    long start = System.nanoTime();

    flagger.sendAll(flood);
    List<JsonObject> answers = flagger.awaitN(typeIn("flagged", "error"), 300, "answers to the flags");
    long flaggedByOne = count(answers, "flagged");
    assertThat(flaggedByOne).as("flags of one connection taken within %.2f s", secondsSince(start))
        .isGreaterThanOrEqualTo(10).isLessThanOrEqualTo(10 + (long) Math.ceil(secondsSince(start)));
    assertRateLimited(answers, "flag");

    long flaggedByThrowaways = 0;
    List<JsonObject> refusals = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ChatClient throwaway = gateway.join(room, "throwaway" + i);
      throwaway.send(flag);
      JsonObject answer = throwaway.await(typeIn("flagged", "error"), "answer to a flag");
      if ("flagged".equals(answer.getString("type"))) {
        flaggedByThrowaways++;
      } else {
        refusals.add(answer);
      }
      throwaway.close();
    }
    double seconds = secondsSince(start);

    assertThat(flaggedByOne + flaggedByThrowaways).as("flags from one address within %.2f s", seconds)
        .isLessThanOrEqualTo(60 + (long) Math.ceil(seconds));
    assertThat(refusals).isNotEmpty().allSatisfy(e -> {
      assertError(e, "rate_limited", "flag");
      assertThat(e.getString("message")).contains("address");
    });
  }
}
