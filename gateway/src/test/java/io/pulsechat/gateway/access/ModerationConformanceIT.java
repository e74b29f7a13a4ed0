package io.pulsechat.gateway.access;

import static io.pulsechat.gateway.testing.Shapes.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md "Extensions: rooms and moderation", kick, ban and mute, against a real gateway in
 * token mode: each is told to the room, stored with who and when, published as an event, and
 * holds on join, send and history.
 */
@DisplayName("moderation")
class ModerationConformanceIT {
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = AccessTokens.gateway();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  /** A public room moderated by carol (made moderator by a global admin), with bob in it. */
  private record Scene(String room, ChatClient carol, ChatClient bob) {
  }

  private static Scene scene(String hint) {
    String room = TestGateway.room(hint);
    ChatClient root = AccessTokens.connect(gateway, "root", "admin");
    root.send(new JsonObject().put("type", "grant").put("room", room).put("user", "carol").put("role", "moderator"));
    root.await("granted");
    ChatClient carol = AccessTokens.connect(gateway, "carol");
    carol.join(room, "carol");
    ChatClient bob = AccessTokens.connect(gateway, "bob");
    bob.join(room, "bob");
    return new Scene(room, carol, bob);
  }

  private static JsonObject moderate(ChatClient by, String room, String user, String action, Integer seconds) {
    JsonObject frame = new JsonObject().put("type", "moderate").put("room", room).put("user", user)
        .put("action", action);
    if (seconds != null) {
      frame.put("seconds", seconds);
    }
    by.send(frame);
    return by.await(f -> "moderated".equals(f.getString("type")) && user.equals(f.getString("user"))
        && action.equals(f.getString("action")) || "error".equals(f.getString("type")), action + " of " + user);
  }

  @Test
  @DisplayName("a kicked user gets moderated, leaves the room at once, and may join again")
  void kickedUserLeavesAndMayRejoin() {
    Scene s = scene("kick");
    JsonObject done = moderate(s.carol(), s.room(), "bob", "kick", null);
    assertThat(done.getString("type")).isEqualTo("moderated");
    assertThat(done.getLong("ts")).isPositive();

    JsonObject told = s.bob().await(f -> "moderated".equals(f.getString("type")), "kick");
    assertThat(told.getString("action")).isEqualTo("kick");
    assertThat(told.getString("by")).isEqualTo("carol");
    s.carol().awaitPresence("bob", "offline");
    s.bob().send(ChatClient.sendFrame(s.room(), "I am back", "k1"));
    assertError(s.bob().awaitError("k1"), "not_member", "k1");

    assertThat(s.bob().join(s.room(), "bob").getString("type")).isEqualTo("joined");
    assertThat(s.bob().say(s.room(), "sorry", "k2").getString("type")).isEqualTo("ack");
  }

  @Test
  @DisplayName("a banned user rejoining, sending or reading history gets forbidden until unbanned")
  void bannedUserRejoiningIsForbidden() {
    Scene s = scene("ban");
    moderate(s.carol(), s.room(), "bob", "ban", null);
    s.bob().await(f -> "moderated".equals(f.getString("type")), "ban");

    s.bob().send(ChatClient.joinFrame(s.room(), "bob"));
    assertError(s.bob().awaitError("join"), "forbidden", "join");
    assertThat(gateway.get("/api/rooms/" + s.room() + "/messages", "Authorization", AccessTokens.bearer("bob"))
        .status()).isEqualTo(403);
    ChatClient again = AccessTokens.connect(gateway, "bob");
    again.send(ChatClient.joinFrame(s.room(), "bob"));
    assertError(again.awaitError("join"), "forbidden", "join");

    moderate(s.carol(), s.room(), "bob", "unban", null);
    assertThat(again.join(s.room(), "bob").getString("type")).isEqualTo("joined");
  }

  @Test
  @DisplayName("a ban with seconds ends by itself")
  void timedBanEnds() throws InterruptedException {
    Scene s = scene("timedban");
    JsonObject done = moderate(s.carol(), s.room(), "bob", "ban", 1);
    assertThat(done.getLong("until")).isGreaterThan(done.getLong("ts"));
    s.bob().send(ChatClient.joinFrame(s.room(), "bob"));
    assertError(s.bob().awaitError("join"), "forbidden", "join");
    Thread.sleep(Math.max(0, done.getLong("until") - System.currentTimeMillis()) + 300);
    assertThat(s.bob().join(s.room(), "bob").getString("type")).isEqualTo("joined");
  }

  @Test
  @DisplayName("a muted user sending gets forbidden but still reads the room; unmuted, it sends again")
  void mutedUserSendingIsForbidden() {
    Scene s = scene("mute");
    moderate(s.carol(), s.room(), "bob", "mute", null);
    s.bob().await(f -> "moderated".equals(f.getString("type")) && "mute".equals(f.getString("action")), "mute");

    s.bob().send(ChatClient.sendFrame(s.room(), "let me speak", "m1"));
    assertError(s.bob().awaitError("m1"), "forbidden", "m1");
    s.carol().expectNothing(f -> "message".equals(f.getString("type")), "the muted user's message", 300);
    s.carol().say(s.room(), "please calm down", "c1");
    s.bob().await(f -> "message".equals(f.getString("type")) && "c1".equals(f.getString("clientMsgId")), "c1");

    moderate(s.carol(), s.room(), "bob", "unmute", null);
    assertThat(s.bob().say(s.room(), "thanks", "m2").getString("type")).isEqualTo("ack");
  }

  @Test
  @DisplayName("a member kicking a moderator, or anyone, gets forbidden")
  void memberKickingAModeratorIsForbidden() {
    Scene s = scene("coup");
    s.bob().send(new JsonObject().put("type", "moderate").put("room", s.room()).put("user", "carol")
        .put("action", "kick"));
    assertError(s.bob().awaitError("moderate"), "forbidden", "moderate");
    s.carol().expectNothing(f -> "moderated".equals(f.getString("type")), "a kick", 300);
    assertThat(s.carol().say(s.room(), "still here", "c1").getString("type")).isEqualTo("ack");
  }

  @Test
  @DisplayName("a moderator banning another moderator gets forbidden: only a higher role may")
  void moderatorBanningAModeratorIsForbidden() {
    Scene s = scene("peers");
    ChatClient root = AccessTokens.connect(gateway, "root", "admin");
    root.send(new JsonObject().put("type", "grant").put("room", s.room()).put("user", "dana").put("role",
        "moderator"));
    root.await("granted");
    s.carol().send(new JsonObject().put("type", "moderate").put("room", s.room()).put("user", "dana")
        .put("action", "ban"));
    assertError(s.carol().awaitError("moderate"), "forbidden", "moderate");
  }

  @Test
  @DisplayName("moderation over HTTP: POST acts, GET lists who did what when, a member may not read the log")
  void moderationOverHttp() {
    Scene s = scene("http");
    TestGateway.HttpResult muted = gateway.request("POST", "/api/rooms/" + s.room() + "/moderation",
        "{\"user\":\"bob\",\"action\":\"mute\",\"seconds\":60}", "Authorization", AccessTokens.bearer("carol"));
    assertThat(muted.status()).isEqualTo(200);
    assertThat(muted.json().getString("by")).isEqualTo("carol");
    s.bob().await(f -> "moderated".equals(f.getString("type")), "mute");
    assertThat(gateway.request("POST", "/api/rooms/" + s.room() + "/moderation",
        "{\"user\":\"carol\",\"action\":\"ban\"}", "Authorization", AccessTokens.bearer("bob")).status())
        .isEqualTo(403);
    assertThat(gateway.request("POST", "/api/rooms/" + s.room() + "/moderation",
        "{\"user\":\"bob\",\"action\":\"behead\"}", "Authorization", AccessTokens.bearer("carol")).status())
        .isEqualTo(400);

    JsonObject log = gateway.get("/api/rooms/" + s.room() + "/moderation", "Authorization",
        AccessTokens.bearer("carol")).json();
    JsonObject first = log.getJsonArray("actions").getJsonObject(0);
    assertThat(first.getString("user")).isEqualTo("bob");
    assertThat(first.getString("action")).isEqualTo("mute");
    assertThat(first.getString("by")).isEqualTo("carol");
    assertThat(first.getLong("ts")).isPositive();
    assertThat(first.getLong("until")).isGreaterThan(first.getLong("ts"));
    assertThat(gateway.get("/api/rooms/" + s.room() + "/moderation", "Authorization", AccessTokens.bearer("bob"))
        .status()).isEqualTo(403);
  }

  @Test
  @DisplayName("every action is published as a ModerationAction event")
  void actionsArePublishedAsEvents() {
    Scene s = scene("event");
    moderate(s.carol(), s.room(), "bob", "kick", null);
    assertThat(gateway.metrics())
        .containsPattern("pulsechat_events_published_total\\{detailType=\"ModerationAction\"[^}]*} [1-9]");
  }

  @Test
  @DisplayName("a moderator deletes a member's message; a member deleting another's gets forbidden")
  void moderatorDeletesAMembersMessage() {
    Scene s = scene("delete");
    String id = s.bob().say(s.room(), "something regrettable", "d1").getString("id");
    String mine = s.carol().say(s.room(), "a moderator's note", "d2").getString("id");

    s.bob().send(new JsonObject().put("type", "delete").put("room", s.room()).put("id", mine));
    assertError(s.bob().awaitError("delete"), "forbidden", "delete");

    s.carol().send(new JsonObject().put("type", "delete").put("room", s.room()).put("id", id));
    JsonObject deleted = s.bob().await(f -> "deleted".equals(f.getString("type")) && id.equals(f.getString("id")),
        "the deletion");
    assertThat(deleted.getString("by")).isEqualTo("carol");
    assertThat(gateway.get("/api/rooms/" + s.room() + "/messages", "Authorization", AccessTokens.bearer("bob"))
        .body()).doesNotContain("something regrettable");
  }
}
