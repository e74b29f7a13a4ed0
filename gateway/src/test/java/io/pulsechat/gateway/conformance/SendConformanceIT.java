package io.pulsechat.gateway.conformance;

import static io.pulsechat.gateway.testing.ChatClient.historyFrame;
import static io.pulsechat.gateway.testing.ChatClient.sendFrame;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The {@code send} row of "Client to server", the {@code message} and {@code ack} frames, ids and idempotency. */
@DisplayName("send")
class SendConformanceIT {
  private static final String EMOJI = "\uD83D\uDE00";
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    // Three event loops, so that the members of one room sit on different loops.
    gateway = TestGateway.start(Map.of("CHAT_EVENT_LOOPS", "3"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  @DisplayName("ack to the sender: room, clientMsgId, id, ts")
  void ackCarriesRoomClientMsgIdIdAndTs() {
    String room = TestGateway.room("ack");
    ChatClient sender = gateway.join(room, "sender");

    JsonObject ack = sender.say(room, "hello", "c-1");

    assertThat(ack.fieldNames()).containsExactlyInAnyOrder("type", "room", "clientMsgId", "id", "ts");
    assertThat(ack.getString("room")).isEqualTo(room);
    assertThat(ack.getString("clientMsgId")).isEqualTo("c-1");
    Shapes.assertId(ack.getValue("id"));
    Shapes.assertTs(ack.getValue("ts"));
  }

  @Test
  @DisplayName("ack once the message is stored durably: a history read after the ack holds it")
  void ackedMessageIsInHistory() {
    String room = TestGateway.room("ack-stored");
    ChatClient sender = gateway.join(room, "sender");
    ChatClient reader = gateway.join(room, "reader");

    JsonObject ack = sender.say(room, "stored before ack", "stored-1");

    JsonObject history = reader.history(historyFrame(room));
    assertThat(history.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("id")))
        .containsExactly(ack.getString("id"));
  }

  @Test
  @DisplayName("ack goes to the sender only")
  void ackGoesToTheSenderOnly() {
    String room = TestGateway.room("ack-only");
    ChatClient sender = gateway.join(room, "sender");
    ChatClient other = gateway.join(room, "other");

    sender.say(room, "first", "only-1");
    sender.say(room, "second", "only-2");

    other.awaitMessage("sender", "only-2");
    assertThat(other.received()).noneMatch(f -> "ack".equals(f.getString("type")));
  }

  @Test
  @DisplayName("message to every member, the sender too: room, id, user, text, ts, clientMsgId, sentiment (same id and ts as the ack)")
  void messageGoesToEveryMemberIncludingTheSender() {
    String room = TestGateway.room("message");
    ChatClient sender = gateway.join(room, "sender");
    ChatClient a = gateway.join(room, "a");
    ChatClient b = gateway.join(room, "b");

    JsonObject ack = sender.say(room, "what a lovely day", "m-1");

    for (ChatClient member : List.of(sender, a, b)) {
      JsonObject m = member.awaitMessage("sender", "m-1");
      Shapes.assertMessage(m, room, "sender", "what a lovely day", "m-1");
      assertThat(m.fieldNames())
          .containsExactlyInAnyOrder("type", "room", "id", "user", "text", "ts", "clientMsgId", "sentiment");
      assertThat(m.getString("id")).isEqualTo(ack.getString("id"));
      assertThat(m.getLong("ts")).isEqualTo(ack.getLong("ts"));
    }
  }

  @Test
  @DisplayName("text is stored and broadcast trimmed of leading and trailing Unicode white space, as String.strip()")
  void textIsStripped() {
    String room = TestGateway.room("strip");
    ChatClient sender = gateway.join(room, "sender");

    sender.say(room, "\u2003 \t hello\u2003world \n\u2003", "strip-1");
    // U+00A0 NO-BREAK SPACE is not white space for String.strip(): it stays.
    sender.say(room, "\u00A0kept\u00A0", "strip-2");

    assertThat(sender.awaitMessage("sender", "strip-1").getString("text")).isEqualTo("hello\u2003world");
    assertThat(sender.awaitMessage("sender", "strip-2").getString("text")).isEqualTo("\u00A0kept\u00A0");
    JsonArray stored = sender.history(historyFrame(room)).getJsonArray("messages");
    assertThat(stored.getJsonObject(0).getString("text")).isEqualTo("hello\u2003world");
  }

  @Test
  @DisplayName("text empty after trimming -> bad_request, ref = clientMsgId")
  void textEmptyAfterTrimmingIsABadRequest() {
    String room = TestGateway.room("empty-text");
    ChatClient sender = gateway.join(room, "sender");

    sender.send(sendFrame(room, " \u2003\t\n ", "empty-1"));
    sender.send(sendFrame(room, "", "empty-2"));

    assertError(sender.answerTo("empty-1"), "bad_request", "empty-1");
    assertError(sender.answerTo("empty-2"), "bad_request", "empty-2");
  }

  @Test
  @DisplayName("text over 2000 characters -> too_large, ref = clientMsgId; the connection stays open")
  void textOver2000IsTooLarge() {
    String room = TestGateway.room("too-large");
    ChatClient sender = gateway.join(room, "sender");

    sender.send(sendFrame(room, "x".repeat(2001), "big-1"));
    sender.send(sendFrame(room, EMOJI.repeat(2001), "big-2"));

    assertError(sender.answerTo("big-1"), "too_large", "big-1");
    assertError(sender.answerTo("big-2"), "too_large", "big-2");
    sender.ping();
  }

  @Test
  @DisplayName("text of 2000 characters is accepted: counted in code points (2000 emoji) and after trimming")
  void textOf2000CodePointsIsAccepted() {
    String room = TestGateway.room("2000");
    ChatClient sender = gateway.join(room, "sender");

    sender.say(room, EMOJI.repeat(2000), "max-emoji");
    sender.say(room, "   " + "y".repeat(2000) + "   ", "max-trimmed");

    assertThat(sender.awaitMessage("sender", "max-emoji").getString("text")).isEqualTo(EMOJI.repeat(2000));
    assertThat(sender.awaitMessage("sender", "max-trimmed").getString("text")).isEqualTo("y".repeat(2000));
  }

  @Test
  @DisplayName("clientMsgId of 1 to 64 characters is accepted")
  void clientMsgIdOf1To64IsAccepted() {
    String room = TestGateway.room("cmid-ok");
    ChatClient sender = gateway.join(room, "sender");

    sender.say(room, "one", "1");
    sender.say(room, "sixty-four", "k".repeat(64));
    sender.say(room, "emoji id", EMOJI.repeat(64));
  }

  @Test
  @DisplayName("clientMsgId over 64 characters, empty, missing or not a string -> bad_request")
  void clientMsgIdOutOfRangeIsABadRequest() {
    String room = TestGateway.room("cmid-bad");
    ChatClient sender = gateway.join(room, "sender");
    String tooLong = "k".repeat(65);

    sender.send(sendFrame(room, "too long", tooLong));
    assertError(sender.awaitError(tooLong), "bad_request", tooLong);
    sender.send(sendFrame(room, "empty", ""));
    assertError(sender.await("error"), "bad_request", "send");
    sender.send(new JsonObject().put("type", "send").put("room", room).put("text", "missing"));
    assertError(sender.await("error"), "bad_request", "send");
    sender.send(new JsonObject().put("type", "send").put("room", room).put("text", "number").put("clientMsgId", 7));
    assertError(sender.await("error"), "bad_request", "send");
    sender.ping();
  }

  @Test
  @DisplayName("a send repeated with a stored clientMsgId gets the same ack (same id, same ts) and is not broadcast or stored twice")
  void repeatedSendOnTheSameConnectionIsIdempotent() {
    String room = TestGateway.room("idem");
    ChatClient sender = gateway.join(room, "sender");
    ChatClient other = gateway.join(room, "other");
    JsonObject first = sender.say(room, "once", "idem-1");

    JsonObject again = sender.say(room, "once", "idem-1");

    assertThat(again.getString("id")).isEqualTo(first.getString("id"));
    assertThat(again.getLong("ts")).isEqualTo(first.getLong("ts"));
    assertSingleDelivery(room, sender, other, "sender", "idem-1");
  }

  @Test
  @DisplayName("idempotency follows the user, not the connection: a resend from a new connection gets the same ack")
  void repeatedSendFromANewConnectionOfTheSameUserIsIdempotent() {
    String room = TestGateway.room("idem-reconnect");
    ChatClient before = gateway.join(room, "sender");
    ChatClient other = gateway.join(room, "other");
    JsonObject first = before.say(room, "lost ack", "idem-r");
    before.close();
    before.awaitClose();
    ChatClient after = gateway.join(room, "sender");

    JsonObject again = after.say(room, "lost ack", "idem-r");

    assertThat(again.getString("id")).isEqualTo(first.getString("id"));
    assertThat(again.getLong("ts")).isEqualTo(first.getLong("ts"));
    assertSingleDelivery(room, after, other, "sender", "idem-r");
  }

  @Test
  @DisplayName("clientMsgId is unique per sender: the same clientMsgId from another user is another message")
  void sameClientMsgIdFromAnotherUserIsAnotherMessage() {
    String room = TestGateway.room("idem-users");
    ChatClient ann = gateway.join(room, "ann");
    ChatClient bob = gateway.join(room, "bob");

    JsonObject fromAnn = ann.say(room, "from ann", "shared-id");
    JsonObject fromBob = bob.say(room, "from bob", "shared-id");

    assertThat(fromBob.getString("id")).isNotEqualTo(fromAnn.getString("id"));
    assertThat(ann.awaitMessage("bob", "shared-id").getString("text")).isEqualTo("from bob");
  }

  /** One message with this clientMsgId reached {@code other}, and history holds it once. */
  private static void assertSingleDelivery(String room, ChatClient sender, ChatClient other, String user, String cmid) {
    // A later message is a fence: a second broadcast would have reached the other member before it.
    sender.say(room, "fence", cmid + "-fence");
    other.awaitMessage(user, cmid + "-fence");
    Predicate<JsonObject> copies = f -> "message".equals(f.getString("type")) && cmid.equals(f.getString("clientMsgId"));
    assertThat(other.received().stream().filter(copies)).as("broadcasts of %s", cmid).hasSize(1);
    JsonArray history = other.history(historyFrame(room)).getJsonArray("messages");
    assertThat(history.stream().filter(m -> cmid.equals(((JsonObject) m).getString("clientMsgId"))))
        .as("stored copies of %s", cmid).hasSize(1);
  }

  @Test
  @DisplayName("ids sort as strings in the order the gateway accepted them; every member receives a room's messages in id order")
  void everyMemberReceivesMessagesInIdOrder() throws Exception {
    String room = TestGateway.room("order");
    int senders = 4;
    int perSender = 25;
    List<ChatClient> writers = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      writers.add(gateway.join(room, "writer" + s));
    }
    List<ChatClient> readers = List.of(gateway.join(room, "reader0"), gateway.join(room, "reader1"));
    List<List<String>> acked = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    try {
      List<Future<List<String>>> runs = new ArrayList<>();
      for (int s = 0; s < senders; s++) {
        ChatClient writer = writers.get(s);
        int n = s;
        runs.add(pool.submit(() -> {
          List<String> ids = new ArrayList<>();
          for (int i = 0; i < perSender; i++) {
            ids.add(writer.say(room, "w" + n + " #" + i, "w" + n + "-" + i).getString("id"));
          }
          return ids;
        }));
      }
      for (Future<List<String>> run : runs) {
        acked.add(run.get());
      }
    } finally {
      pool.shutdownNow();
    }

    for (List<String> ids : acked) {
      assertThat(ids).as("one sender's ids, each sent after the previous ack").isSorted().doesNotHaveDuplicates();
    }
    List<String> all = acked.stream().flatMap(List::stream).sorted().toList();
    assertThat(all).doesNotHaveDuplicates();
    List<ChatClient> members = new ArrayList<>(writers);
    members.addAll(readers);
    for (ChatClient member : members) {
      List<String> got = member.awaitN(f -> "message".equals(f.getString("type")), all.size(), "message")
          .stream().map(m -> m.getString("id")).toList();
      assertThat(got).as("ids in the order one member received them").containsExactlyElementsOf(all);
    }
  }
}
