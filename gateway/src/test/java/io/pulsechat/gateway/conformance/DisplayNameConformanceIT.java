package io.pulsechat.gateway.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.auth.TokenCommand;
import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md "Extensions: display names": in token mode a user whose token has a name claim is
 * shown by it ({@code name} beside {@code user}) in messages, history, presence, joined and typing;
 * in open mode nothing on the wire changes.
 */
@DisplayName("display names")
class DisplayNameConformanceIT {
  private static final String SECRET = "a-display-name-secret-of-at-least-32-bytes-42";

  private static TestGateway gateway;
  private static TestGateway open;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(Map.of("AUTH_MODE", "token", "AUTH_JWT_SECRET", SECRET));
    open = TestGateway.start(Map.of());
  }

  @AfterAll
  static void stop() {
    gateway.close();
    open.close();
  }

  private ChatClient connect(String user, String name) {
    String token = TokenCommand.mint(SECRET, user, name, List.of(), Duration.ofHours(1), null, null);
    return TestGateway.await(gateway.tryConnect("/ws", "Bearer " + token), TestGateway.TIMEOUT);
  }

  @Test
  @DisplayName("message, history, presence, joined and typing carry the name claim; user stays the sub")
  void theNameClaimIsShownBesideTheUser() {
    String room = TestGateway.room("names");
    String sub = "5f0c2a7e-1111-4e8b-9c1d-0123456789ab";
    ChatClient bob = connect("bob", null);
    bob.join(room, "bob");
    ChatClient alice = connect(sub, "Alice Liddell");
    JsonObject joined = alice.join(room, sub);
    assertThat(joined.getString("user")).isEqualTo(sub);
    assertThat(joined.getJsonObject("names").getMap()).as("bob has no name besides his user")
        .isEqualTo(Map.of(sub, "Alice Liddell"));

    JsonObject online = bob.awaitPresence(sub, "online");
    assertThat(online.getString("name")).isEqualTo("Alice Liddell");

    ChatClient carol = connect("carol", "Carol");
    JsonObject carolJoined = carol.join(room, "carol");
    assertThat(carolJoined.getJsonObject("names").getMap())
        .as("the listed members with a name, carol herself included; bob has none")
        .isEqualTo(Map.of(sub, "Alice Liddell", "carol", "Carol"));

    alice.send(new JsonObject().put("type", "typing").put("room", room));
    JsonObject typing = bob.await(f -> "typing".equals(f.getString("type")) && sub.equals(f.getString("user")),
        "alice typing");
    assertThat(typing.getString("name")).isEqualTo("Alice Liddell");

    alice.say(room, "curiouser and curiouser", "a1");
    JsonObject live = bob.awaitMessage(sub, "a1");
    assertThat(live.getString("user")).isEqualTo(sub);
    assertThat(live.getString("name")).isEqualTo("Alice Liddell");
    bob.say(room, "hello", "b1");
    assertThat(alice.awaitMessage("bob", "b1").containsKey("name")).isFalse();

    JsonObject history = bob.history(ChatClient.historyFrame(room));
    List<JsonObject> messages = history.getJsonArray("messages").stream().map(JsonObject.class::cast).toList();
    assertThat(messages).extracting(m -> m.getString("user"), m -> m.getString("name"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple(sub, "Alice Liddell"),
            org.assertj.core.groups.Tuple.tuple("bob", null));

    alice.close();
    assertThat(bob.awaitPresence(sub, "offline").getString("name")).isEqualTo("Alice Liddell");
    JsonObject later = connect("dave", null).join(room, "dave");
    assertThat(later.getJsonArray("history").getJsonObject(0).getString("name")).isEqualTo("Alice Liddell");
  }

  /** The {@code name} of a message sent by {@code user} holding a token with this name claim, or null. */
  private String shownName(String user, String nameClaim) {
    String room = TestGateway.room("shown");
    ChatClient client = connect(user, nameClaim);
    client.join(room, user);
    client.say(room, "hi", "n1");
    return client.awaitMessage(user, "n1").getString("name");
  }

  @Test
  @DisplayName("a name claim equal to the user is left out")
  void aNameEqualToTheUserIsLeftOut() {
    assertThat(shownName("erin", "erin")).isNull();
  }

  @Test
  @DisplayName("a name claim longer than a name may be is cut to 32 characters on a character's end, not refused")
  void anOverlongNameClaimIsCutToTheNameLimit() {
    // NFC makes e + U+0301 one code point, so the first 32 are 31 letters and the é.
    String accented = shownName("frank", "Ñ".repeat(31) + "e\u0301" + "x".repeat(3000));
    assertThat(accented).isEqualTo("Ñ".repeat(31) + "é");
    // q + U+0307 has no composed form: the 32nd code point is a mark that stays with its letter, so both go.
    assertThat(shownName("grace", "Ñ".repeat(31) + "q\u0307" + "x".repeat(3000))).isEqualTo("Ñ".repeat(31));
  }

  @Test
  @DisplayName("a name claim with a bidi override cannot disguise a user: it is not shown")
  void aNameClaimWithBidiControlsIsNotShown() {
    assertThat(shownName("mallory", "\u202Eecila")).isNull();
  }

  @Test
  @DisplayName("in open mode no frame carries a name: the wire is as before")
  void nothingChangesOnTheWire() {
    String room = TestGateway.room("open");
    ChatClient ann = open.connect();
    ChatClient ben = open.connect();
    ann.join(room, "ann");
    JsonObject joined = ben.join(room, "ben");
    assertThat(joined.containsKey("names")).isFalse();
    assertThat(ann.awaitPresence("ben", "online").containsKey("name")).isFalse();
    ben.send(new JsonObject().put("type", "typing").put("room", room));
    assertThat(ann.await("typing").containsKey("name")).isFalse();
    ben.say(room, "hello", "b1");
    assertThat(ann.awaitMessage("ben", "b1").containsKey("name")).isFalse();
    JsonObject history = ann.history(ChatClient.historyFrame(room));
    assertThat(history.getJsonArray("messages").getJsonObject(0).containsKey("name")).isFalse();
  }
}
