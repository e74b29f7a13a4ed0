package io.pulsechat.gateway.auth;

import static io.pulsechat.gateway.testing.Shapes.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * AUTH_MODE=token with an HS256 secret, against a real gateway: every way in without a valid
 * token is refused at the handshake with 401, and a valid one cannot speak as another user.
 */
@DisplayName("token mode")
class TokenModeIT {
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(Map.of("AUTH_MODE", "token", "AUTH_JWT_SECRET", Tokens.SECRET,
        "AUTH_JWT_ISSUER", Tokens.ISSUER, "AUTH_CLOCK_SKEW_S", "0"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static int refusedStatus(String uri, String authorization) {
    Throwable failure = assertThatThrownBy(() -> TestGateway.await(gateway.tryConnect(uri, authorization),
        TestGateway.TIMEOUT)).isInstanceOf(UpgradeRejectedException.class).actual();
    return ((UpgradeRejectedException) failure).getStatus();
  }

  private static ChatClient connectAs(String user) {
    return TestGateway.await(gateway.tryConnect("/ws?token=" + Tokens.valid(user), null), TestGateway.TIMEOUT);
  }

  @Test
  @DisplayName("a missing token gets 401 and no upgrade")
  void missingTokenIsRefusedAtTheHandshake() {
    assertThat(refusedStatus("/ws", null)).isEqualTo(401);
    assertThat(refusedStatus("/ws?token=", null)).isEqualTo(401);
  }

  @Test
  @DisplayName("a malformed token gets 401")
  void malformedTokenIsRefused() {
    assertThat(refusedStatus("/ws?token=not.a.jwt", null)).isEqualTo(401);
    assertThat(refusedStatus("/ws", "Bearer abc.def.ghi")).isEqualTo(401);
    assertThat(refusedStatus("/ws", "Basic YWxpY2U6c2VjcmV0")).isEqualTo(401);
  }

  @Test
  @DisplayName("a token signed with another key (a forged signature) gets 401")
  void forgedSignatureIsRefused() {
    String forged = Tokens.signedWith("another-secret-of-at-least-32-bytes-987654",
        new JsonObject().put("sub", "alice").put("iss", Tokens.ISSUER).put("exp", Tokens.now() + 3600));
    assertThat(refusedStatus("/ws?token=" + forged, null)).isEqualTo(401);
  }

  @Test
  @DisplayName("an unsigned token (alg none) gets 401")
  void algNoneIsRefused() {
    String unsigned = Tokens.unsigned(
        new JsonObject().put("sub", "alice").put("iss", Tokens.ISSUER).put("exp", Tokens.now() + 3600));
    assertThat(refusedStatus("/ws?token=" + unsigned, null)).isEqualTo(401);
  }

  @Test
  @DisplayName("an expired token gets 401")
  void expiredTokenIsRefused() {
    String expired = Tokens.signedWith(Tokens.SECRET,
        new JsonObject().put("sub", "alice").put("iss", Tokens.ISSUER).put("exp", Tokens.now() - 60));
    assertThat(refusedStatus("/ws?token=" + expired, null)).isEqualTo(401);
  }

  @Test
  @DisplayName("a token not valid yet (nbf in the future) gets 401")
  void notYetValidTokenIsRefused() {
    String early = Tokens.signedWith(Tokens.SECRET, new JsonObject().put("sub", "alice").put("iss", Tokens.ISSUER)
        .put("nbf", Tokens.now() + 600).put("exp", Tokens.now() + 3600));
    assertThat(refusedStatus("/ws?token=" + early, null)).isEqualTo(401);
  }

  @Test
  @DisplayName("a token of another issuer gets 401")
  void tokenOfAnotherIssuerIsRefused() {
    String foreign = Tokens.signedWith(Tokens.SECRET, new JsonObject().put("sub", "alice")
        .put("iss", "https://elsewhere.test").put("exp", Tokens.now() + 3600));
    assertThat(refusedStatus("/ws?token=" + foreign, null)).isEqualTo(401);
  }

  @Test
  @DisplayName("a token that never expires (no exp) gets 401")
  void tokenWithoutExpiryIsRefused() {
    String forever = Tokens.signedWith(Tokens.SECRET, new JsonObject().put("sub", "alice").put("iss", Tokens.ISSUER));
    assertThat(refusedStatus("/ws?token=" + forever, null)).isEqualTo(401);
  }

  @Test
  @DisplayName("refused handshakes are counted in /metrics")
  void refusalsAreCounted() {
    refusedStatus("/ws", null);
    assertThat(gateway.metrics()).containsPattern("pulsechat_auth_refused_total\\{at=\"handshake\"[^}]*} [1-9]");
  }

  @Test
  @DisplayName("a valid token in the query joins as its sub")
  void validTokenInTheQueryJoinsAsItsSub() {
    String room = TestGateway.room("token");
    ChatClient alice = connectAs("alice");
    assertThat(alice.join(room, "alice").getString("user")).isEqualTo("alice");
    assertThat(alice.say(room, "hello", "m1").getString("type")).isEqualTo("ack");
  }

  @Test
  @DisplayName("a valid token as Authorization: Bearer joins as its sub")
  void validBearerHeaderJoinsAsItsSub() {
    ChatClient bob = TestGateway.await(gateway.tryConnect("/ws", "Bearer " + Tokens.valid("bob")),
        TestGateway.TIMEOUT);
    assertThat(bob.join(TestGateway.room("bearer"), "bob").getString("user")).isEqualTo("bob");
  }

  @Test
  @DisplayName("a join as another user than the token's gets forbidden, and nothing is said in that name")
  void joiningAsAnotherUserIsForbidden() {
    String room = TestGateway.room("impostor");
    ChatClient alice = connectAs("alice");
    alice.join(room, "alice");
    ChatClient mallory = connectAs("mallory");

    mallory.send(ChatClient.joinFrame(room, "alice"));

    assertError(mallory.awaitError("join"), "forbidden", "join");
    mallory.send(ChatClient.sendFrame(room, "I (alice) resign", "resign-1"));
    assertError(mallory.awaitError("resign-1"), "not_member", "resign-1");
    alice.expectNothing(f -> "message".equals(f.getString("type")), "a message in alice's name", 300);
  }

  @Test
  @DisplayName("a token expiring while connected closes the connection with 1008 \"token expired\"")
  void expiredTokenClosesTheConnection() {
    ChatClient carol = TestGateway.await(gateway.tryConnect("/ws?token="
        + Tokens.valid("carol", Duration.ofSeconds(8)), null), TestGateway.TIMEOUT);
    carol.join(TestGateway.room("expiring"), "carol");

    assertThat(carol.awaitClose(Duration.ofSeconds(30))).isEqualTo((short) 1008);
    assertThat(carol.closeReason()).isEqualTo("token expired");
  }

  @Test
  @DisplayName("an auth frame with a fresh token before exp keeps the connection open")
  void authFrameWithAFreshTokenKeepsTheConnection() {
    ChatClient dave = TestGateway.await(gateway.tryConnect("/ws?token="
        + Tokens.valid("dave", Duration.ofSeconds(10)), null), TestGateway.TIMEOUT);
    long firstExpiry = System.currentTimeMillis() + 10_000;
    String fresh = Tokens.valid("dave");
    dave.send(new JsonObject().put("type", "auth").put("token", fresh));
    String room = TestGateway.room("renewed");
    dave.join(room, "dave");
    JsonObject authenticated = dave.await("authenticated");

    assertThat(authenticated.getString("user")).isEqualTo("dave");
    assertThat(authenticated.getLong("exp")).isGreaterThan(Tokens.now() + 3000);
    // Past the first token's exp: the timer of the first token must not fire.
    dave.expectNothing(f -> false, "", Math.max(0, firstExpiry - System.currentTimeMillis()) + 2_000);
    assertThat(dave.isClosed()).isFalse();
    assertThat(dave.say(room, "still here", "m1").getString("type")).isEqualTo("ack");
  }

  @Test
  @DisplayName("an auth frame with another user's token gets forbidden and changes nothing")
  void authFrameForAnotherUserIsForbidden() {
    ChatClient erin = connectAs("erin");
    erin.send(new JsonObject().put("type", "auth").put("token", Tokens.valid("frank")));
    assertError(erin.awaitError("auth"), "forbidden", "auth");
    erin.send(new JsonObject().put("type", "auth").put("token", "forged.token.here"));
    assertError(erin.awaitError("auth"), "forbidden", "auth");
    assertThat(erin.join(TestGateway.room("erin"), "erin").getString("user")).isEqualTo("erin");
  }

  @Test
  @DisplayName("/api/* without Authorization: Bearer gets 401; with a valid token, the answer")
  void apiNeedsABearerToken() {
    TestGateway.HttpResult without = gateway.get("/api/rooms");
    assertThat(without.status()).isEqualTo(401);
    assertThat(without.json().getString("code")).isEqualTo("unauthorized");
    assertThat(gateway.get("/api/rooms/lobby/messages").status()).isEqualTo(401);
    assertThat(gateway.get("/api/rooms", "Authorization", "Bearer forged.token.here").status()).isEqualTo(401);

    assertThat(gateway.get("/api/rooms", "Authorization", "Bearer " + Tokens.valid("alice")).status()).isEqualTo(200);
    assertThat(gateway.get("/health").status()).as("health stays open for load balancers").isEqualTo(200);
  }

  @Test
  @DisplayName("/api/unread answers for the token's user only: naming another user gets 403")
  void anotherUsersUnreadCountsAreForbidden() {
    String room = TestGateway.room("unread");
    ChatClient alice = connectAs("alice");
    alice.join(room, "alice");
    String id = alice.say(room, "read me", "u-1").getString("id");
    alice.send(new JsonObject().put("type", "read").put("room", room).put("id", id));
    assertThat(alice.await("read").getInteger("unread")).isZero();

    var own = gateway.get("/api/unread", "Authorization", "Bearer " + Tokens.valid("alice"));
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.json().getString("user")).isEqualTo("alice");
    assertThat(own.json().getJsonArray("rooms").getJsonObject(0).getString("room")).isEqualTo(room);
    var spying = gateway.get("/api/unread?user=bob", "Authorization", "Bearer " + Tokens.valid("alice"));
    assertThat(spying.status()).isEqualTo(403);
    assertThat(spying.json().getString("code")).isEqualTo("forbidden");
    var bobs = gateway.get("/api/unread?user=alice", "Authorization", "Bearer " + Tokens.valid("bob"));
    assertThat(bobs.status()).isEqualTo(403);
  }
}
