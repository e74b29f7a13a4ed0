package io.pulsechat.gateway.conformance;

import static io.pulsechat.gateway.testing.Shapes.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md "Extensions: identity": a join's guestKey keeps its name while it is online (open mode). */
@DisplayName("guest keys")
class GuestKeyConformanceIT {
  private static final String ALICE_KEY = "alice-browser-key-7f3a9c2e41d8";
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(Map.of());
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static JsonObject keyedJoin(String room, String user, String key) {
    return ChatClient.joinFrame(room, user).put("guestKey", key);
  }

  @Test
  @DisplayName("a join for a name online under a guest key, without that key, gets name_taken")
  void anotherBrowserCannotTakeANameHeldByAGuestKey() {
    String room = TestGateway.room("guest");
    ChatClient alice = gateway.connect();
    alice.send(keyedJoin(room, "alice", ALICE_KEY));
    alice.await("joined");

    ChatClient impostor = gateway.connect();
    impostor.send(ChatClient.joinFrame(room, "alice"));
    assertError(impostor.awaitError("join"), "name_taken", "join");
    impostor.send(keyedJoin(room, "alice", "a-guessed-key-000000000000"));
    assertError(impostor.awaitError("join"), "name_taken", "join");
    impostor.send(ChatClient.sendFrame(room, "I (alice) resign", "resign-1"));
    assertError(impostor.awaitError("resign-1"), "not_member", "resign-1");
    alice.expectNothing(f -> "message".equals(f.getString("type")), "a message in alice's name", 300);

    ChatClient secondTab = gateway.connect();
    secondTab.send(keyedJoin(room, "alice", ALICE_KEY));
    assertThat(secondTab.await("joined").getString("user")).isEqualTo("alice");
  }

  @Test
  @DisplayName("a name joined without a key stays shareable, as version 1 says")
  void aNameWithoutAKeyStaysShareable() {
    String room = TestGateway.room("shared");
    gateway.join(room, "bob");
    assertThat(gateway.connect().join(room, "bob").getString("user")).isEqualTo("bob");
  }

  @Test
  @DisplayName("once the key's holder has left, the name is free again")
  void theNameIsFreeOnceItsHolderLeft() {
    String room = TestGateway.room("freed");
    ChatClient carol = gateway.connect();
    carol.send(keyedJoin(room, "carol", "carol-key-0000000000000001"));
    carol.await("joined");
    ChatClient other = gateway.join(room, "watcher");
    carol.close();
    other.awaitPresence("carol", "offline");

    ChatClient next = gateway.connect();
    next.send(keyedJoin(room, "carol", "carol-key-0000000000000002"));
    assertThat(next.await("joined").getString("user")).isEqualTo("carol");
  }

  @Test
  @DisplayName("a guestKey that is not 16 to 128 visible ASCII characters gets bad_request")
  void aMalformedGuestKeyIsABadRequest() {
    ChatClient client = gateway.connect();
    client.send(keyedJoin(TestGateway.room("bad-key"), "dan", "short"));
    assertError(client.awaitError("join"), "bad_request", "join");
    client.send(ChatClient.joinFrame(TestGateway.room("bad-key"), "dan").put("guestKey", 12345));
    assertError(client.awaitError("join"), "bad_request", "join");
  }
}
