package io.pulsechat.gateway.access;

import static io.pulsechat.gateway.testing.Shapes.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.auth.TokenCommand;
import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md "Extensions: rooms and moderation", private rooms and roles, against a real gateway
 * in token mode: a private room is invisible and closed to everyone its owner and moderators did
 * not add, through the WebSocket and the HTTP API alike.
 */
@DisplayName("private rooms and roles")
class PrivateRoomConformanceIT {
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = AccessTokens.gateway();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  /** A private room created by {@code owner}, who is in it; returns the owner's client. */
  static ChatClient privateRoom(String room, String owner) {
    ChatClient client = AccessTokens.connect(gateway, owner);
    client.send(new JsonObject().put("type", "create").put("room", room));
    JsonObject created = client.await("created");
    assertThat(created).isEqualTo(new JsonObject().put("type", "created").put("room", room).put("private", true)
        .put("role", "owner"));
    client.join(room, owner);
    return client;
  }

  static JsonObject grant(ChatClient by, String room, String user, String role) {
    by.send(new JsonObject().put("type", "grant").put("room", room).put("user", user).put("role", role));
    return by.await(f -> "granted".equals(f.getString("type")) || "error".equals(f.getString("type")), "granted");
  }

  @Test
  @DisplayName("create makes a new room private with its creator as owner, who joins it")
  void createMakesAPrivateRoomOwnedByItsCreator() {
    String room = TestGateway.room("private");
    ChatClient alice = privateRoom(room, "alice");
    assertThat(alice.say(room, "just us", "p1").getString("type")).isEqualTo("ack");
  }

  @Test
  @DisplayName("a non-member joining a private room gets forbidden")
  void nonMemberJoiningAPrivateRoomIsForbidden() {
    String room = TestGateway.room("closed");
    ChatClient alice = privateRoom(room, "alice");
    ChatClient mallory = AccessTokens.connect(gateway, "mallory");

    mallory.send(ChatClient.joinFrame(room, "mallory"));

    assertError(mallory.awaitError("join"), "forbidden", "join");
    alice.expectNothing(f -> "presence".equals(f.getString("type")), "mallory's presence", 300);
  }

  @Test
  @DisplayName("a non-member reading a private room's history or mood over HTTP gets 403")
  void nonMemberReadingPrivateHistoryIsForbidden() {
    String room = TestGateway.room("secret");
    ChatClient alice = privateRoom(room, "alice");
    alice.say(room, "the secret plan", "s1");

    TestGateway.HttpResult history = gateway.get("/api/rooms/" + room + "/messages", "Authorization",
        AccessTokens.bearer("mallory"));
    assertThat(history.status()).isEqualTo(403);
    assertThat(history.json().getString("code")).isEqualTo("forbidden");
    assertThat(history.body()).doesNotContain("secret plan");
    assertThat(gateway.get("/api/rooms/" + room + "/mood", "Authorization", AccessTokens.bearer("mallory")).status())
        .isEqualTo(403);
    assertThat(gateway.get("/api/rooms/" + room + "/messages", "Authorization", AccessTokens.bearer("alice"))
        .body()).contains("the secret plan");
  }

  @Test
  @DisplayName("a private room is not listed in /api/rooms for a non-member, and is for a member")
  void privateRoomIsNotListedForNonMembers() {
    String room = TestGateway.room("unlisted");
    privateRoom(room, "alice");
    assertThat(gateway.get("/api/rooms", "Authorization", AccessTokens.bearer("mallory")).body())
        .doesNotContain(room);
    assertThat(gateway.get("/api/rooms", "Authorization", AccessTokens.bearer("alice")).body()).contains(room);
  }

  @Test
  @DisplayName("a member the owner adds may join and read; removed, it leaves at once and may not join again")
  void ownerAddsAndRemovesMembers() {
    String room = TestGateway.room("club");
    ChatClient alice = privateRoom(room, "alice");
    assertThat(grant(alice, room, "bob", "member")).isEqualTo(new JsonObject().put("type", "granted")
        .put("room", room).put("user", "bob").put("role", "member"));
    ChatClient bob = AccessTokens.connect(gateway, "bob");
    bob.join(room, "bob");
    alice.say(room, "welcome bob", "w1");
    bob.await(f -> "message".equals(f.getString("type")) && "w1".equals(f.getString("clientMsgId")), "w1");

    assertThat(grant(alice, room, "bob", "none").getString("role")).isEqualTo("none");

    bob.await(f -> "moderated".equals(f.getString("type")) && "remove".equals(f.getString("action")), "removal");
    bob.send(ChatClient.sendFrame(room, "still here?", "b1"));
    assertError(bob.awaitError("b1"), "not_member", "b1");
    bob.send(ChatClient.joinFrame(room, "bob"));
    assertError(bob.awaitError("join"), "forbidden", "join");
  }

  @Test
  @DisplayName("a member adding members or making moderators gets forbidden")
  void memberGrantingRolesIsForbidden() {
    String room = TestGateway.room("ranks");
    ChatClient alice = privateRoom(room, "alice");
    grant(alice, room, "bob", "member");
    ChatClient bob = AccessTokens.connect(gateway, "bob");
    bob.join(room, "bob");

    assertError(grant(bob, room, "mallory", "member"), "forbidden", "grant");
    assertError(grant(bob, room, "bob", "moderator"), "forbidden", "grant");
  }

  @Test
  @DisplayName("a moderator adds members but may not make moderators")
  void moderatorAddsMembersOnly() {
    String room = TestGateway.room("mods");
    ChatClient alice = privateRoom(room, "alice");
    grant(alice, room, "carol", "moderator");
    ChatClient carol = AccessTokens.connect(gateway, "carol");
    carol.join(room, "carol");

    assertThat(grant(carol, room, "dave", "member").getString("type")).isEqualTo("granted");
    assertError(grant(carol, room, "dave", "moderator"), "forbidden", "grant");
  }

  @Test
  @DisplayName("claiming a public room that holds messages as private gets forbidden")
  void claimingAPublicRoomInUseIsForbidden() {
    String room = TestGateway.room("public");
    ChatClient bob = AccessTokens.connect(gateway, "bob");
    bob.join(room, "bob");
    bob.say(room, "this room is ours", "o1");
    ChatClient mallory = AccessTokens.connect(gateway, "mallory");

    mallory.send(new JsonObject().put("type", "create").put("room", room));

    assertError(mallory.awaitError("create"), "forbidden", "create");
    ChatClient carol = AccessTokens.connect(gateway, "carol");
    assertThat(carol.join(room, "carol").getString("type")).isEqualTo("joined");
  }

  @Test
  @DisplayName("a global admin (the role claim) sees and joins every private room")
  void globalAdminSeesPrivateRooms() {
    String room = TestGateway.room("audited");
    privateRoom(room, "alice");
    ChatClient admin = AccessTokens.connect(gateway, "root", "admin");
    assertThat(admin.join(room, "root").getString("type")).isEqualTo("joined");
    assertThat(gateway.get("/api/rooms", "Authorization", AccessTokens.bearer("root", "admin")).body())
        .contains(room);
  }

  @Test
  @DisplayName("a forged admin claim (a token signed with another key) gets 401, not admin rights")
  void forgedRoleClaimIsRefused() {
    String room = TestGateway.room("forged");
    privateRoom(room, "alice");
    String forged = TokenCommand.mint("a-key-that-is-not-the-gateways-but-32-bytes", "mallory", null,
        java.util.List.of("admin"), java.time.Duration.ofHours(1), null, null);
    assertThat(gateway.get("/api/rooms", "Authorization", "Bearer " + forged).status()).isEqualTo(401);
    assertThat(gateway.get("/api/rooms/" + room + "/messages", "Authorization", "Bearer " + forged).status())
        .isEqualTo(401);
  }

  @Test
  @DisplayName("the HTTP routes create rooms and give roles as the frames do")
  void httpRoutesCreateAndGrant() {
    String room = TestGateway.room("http");
    TestGateway.HttpResult created = gateway.request("POST", "/api/rooms/" + room, null, "Authorization",
        AccessTokens.bearer("alice"));
    assertThat(created.status()).isEqualTo(200);
    assertThat(created.json().getBoolean("private")).isTrue();
    assertThat(gateway.request("PUT", "/api/rooms/" + room + "/members/bob", "{\"role\":\"member\"}",
        "Authorization", AccessTokens.bearer("mallory")).status()).isEqualTo(403);
    assertThat(gateway.request("PUT", "/api/rooms/" + room + "/members/bob", "{\"role\":\"member\"}",
        "Authorization", AccessTokens.bearer("alice")).json().getString("role")).isEqualTo("member");
    assertThat(gateway.request("PUT", "/api/rooms/" + room + "/members/bob", "{\"role\":\"king\"}",
        "Authorization", AccessTokens.bearer("alice")).status()).isEqualTo(400);
    ChatClient bob = AccessTokens.connect(gateway, "bob");
    assertThat(bob.join(room, "bob").getString("type")).isEqualTo("joined");
    assertThat(gateway.request("DELETE", "/api/rooms/" + room + "/members/bob", null, "Authorization",
        AccessTokens.bearer("alice")).json().getString("role")).isEqualTo("none");
    assertThat(gateway.get("/api/rooms/" + room + "/messages", "Authorization", AccessTokens.bearer("bob")).status())
        .isEqualTo(403);
  }

  @Test
  @DisplayName("owners and moderators list a room's members, bans and mutes; a member asking gets 403")
  void membersListedForModeratorsOnly() {
    String room = TestGateway.room("roster");
    ChatClient alice = privateRoom(room, "alice");
    grant(alice, room, "carol", "moderator");
    grant(alice, room, "bob", "member");
    grant(alice, room, "dan", "member");
    for (String[] act : new String[][] {{"dan", "mute", "600"}, {"erin", "ban", null}, {"finn", "ban", "1"}}) {
      JsonObject frame = new JsonObject().put("type", "moderate").put("room", room).put("user", act[0])
          .put("action", act[1]);
      alice.send(act[2] == null ? frame : frame.put("seconds", Integer.parseInt(act[2])));
      alice.await(f -> "moderated".equals(f.getString("type")) && act[0].equals(f.getString("user")), act[1]);
    }
    TestGateway.until(() -> gateway.get("/api/rooms/" + room + "/members", "Authorization",
        AccessTokens.bearer("carol")).json().getJsonArray("bans").size() == 1, TestGateway.TIMEOUT,
        () -> "finn's one-second ban to end");

    JsonObject roster = gateway.get("/api/rooms/" + room + "/members", "Authorization", AccessTokens.bearer("carol"))
        .json();

    assertThat(roster.getBoolean("private")).isTrue();
    assertThat(roster.getJsonArray("members").stream().map(m -> ((JsonObject) m).getString("user") + ":"
        + ((JsonObject) m).getString("role"))).containsExactly("alice:owner", "carol:moderator", "bob:member",
        "dan:member");
    assertThat(roster.getJsonArray("members").getJsonObject(1).getString("by")).isEqualTo("alice");
    assertThat(roster.getJsonArray("bans").getJsonObject(0).getString("user")).isEqualTo("erin");
    assertThat(roster.getJsonArray("bans").getJsonObject(0).containsKey("until")).as("for good").isFalse();
    assertThat(roster.getJsonArray("mutes").getJsonObject(0).getLong("until")).isGreaterThan(
        roster.getJsonArray("mutes").getJsonObject(0).getLong("at"));
    assertThat(gateway.get("/api/rooms/" + room + "/members", "Authorization", AccessTokens.bearer("bob")).status())
        .isEqualTo(403);
    assertThat(gateway.get("/api/rooms/" + room + "/members", "Authorization", AccessTokens.bearer("mallory"))
        .status()).isEqualTo(403);
  }

  @Test
  @DisplayName("in open mode, private rooms and moderation get forbidden: nobody's name is proven")
  void openModeHasNoPrivateRooms() {
    try (TestGateway open = TestGateway.start(Map.of())) {
      ChatClient alice = open.connect();
      alice.join("lobby", "alice");
      alice.send(new JsonObject().put("type", "create").put("room", TestGateway.room("nope")));
      assertError(alice.awaitError("create"), "forbidden", "create");
      alice.send(new JsonObject().put("type", "moderate").put("room", "lobby").put("user", "bob")
          .put("action", "kick"));
      assertError(alice.awaitError("moderate"), "forbidden", "moderate");
    }
  }
}
