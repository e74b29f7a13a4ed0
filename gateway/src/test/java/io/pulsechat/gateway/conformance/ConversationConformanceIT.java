package io.pulsechat.gateway.conformance;

import static io.pulsechat.gateway.testing.Shapes.assertError;
import static io.pulsechat.gateway.testing.Shapes.assertSentiment;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md "Extensions: conversation": edits, deletes, reactions, typing and mentions. */
@DisplayName("conversation")
class ConversationConformanceIT {
  private static final String THUMBS = "\uD83D\uDC4D";
  private static final String FAMILY = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
  private static final String FLAG = "\uD83C\uDDEB\uD83C\uDDF7";
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(Map.of());
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static JsonObject frame(String type, String room, String id) {
    JsonObject f = new JsonObject().put("type", type).put("room", room);
    return id == null ? f : f.put("id", id);
  }

  private static JsonObject react(String type, String room, String id, String emoji) {
    return frame(type, room, id).put("emoji", emoji);
  }

  private static JsonObject awaitFor(ChatClient c, String type, String id) {
    return c.await(f -> type.equals(f.getString("type")) && id.equals(f.getString("id")), type + " of " + id);
  }

  private static JsonObject lastOf(ChatClient c, String room) {
    JsonArray messages = c.history(ChatClient.historyFrame(room)).getJsonArray("messages");
    return messages.getJsonObject(messages.size() - 1);
  }

  @Test
  @DisplayName("an edit by the author reaches every member re-scored, and history and joined carry the latest text")
  void theAuthorEditsAMessage() {
    String room = TestGateway.room("edit");
    ChatClient alice = gateway.join(room, "alice");
    ChatClient bob = gateway.join(room, "bob");
    String id = alice.say(room, "this is awful and I hate it", "e-1").getString("id");

    alice.send(frame("edit", room, id).put("text", "  actually it is wonderful, thanks @bob!  "));
    for (ChatClient member : List.of(alice, bob)) {
      JsonObject edited = awaitFor(member, "edited", id);
      assertThat(edited.fieldNames()).containsExactlyInAnyOrder("type", "room", "id", "user", "text", "sentiment",
          "editedTs", "mentions");
      assertThat(edited.getString("text")).isEqualTo("actually it is wonderful, thanks @bob!");
      assertThat(edited.getString("user")).isEqualTo("alice");
      assertThat(edited.getJsonArray("mentions")).containsExactly("bob");
      assertSentiment(edited.getValue("sentiment"));
      assertThat(edited.getLong("editedTs")).isPositive();
    }
    JsonObject stored = lastOf(bob, room);
    assertThat(stored.getString("id")).isEqualTo(id);
    assertThat(stored.getString("text")).isEqualTo("actually it is wonderful, thanks @bob!");
    assertThat(stored.getLong("editedTs")).isPositive();
    JsonArray joinedHistory = gateway.connect().join(room, "carol").getJsonArray("history");
    assertThat(joinedHistory.getJsonObject(joinedHistory.size() - 1).getString("text"))
        .isEqualTo("actually it is wonderful, thanks @bob!");
  }

  @Test
  @DisplayName("editing another user's message gets forbidden and changes nothing")
  void editingAnotherUsersMessageIsForbidden() {
    String room = TestGateway.room("edit-other");
    ChatClient alice = gateway.join(room, "alice");
    ChatClient mallory = gateway.join(room, "mallory");
    String id = alice.say(room, "my own words", "o-1").getString("id");

    mallory.send(frame("edit", room, id).put("text", "words put in alice's mouth"));
    assertError(mallory.awaitError("edit"), "forbidden", "edit");
    mallory.send(frame("edit", room, "0000000000000-zz-0000").put("text", "no such message"));
    assertError(mallory.awaitError("edit"), "bad_request", "edit");
    alice.expectNothing(f -> "edited".equals(f.getString("type")), "an edit of alice's message", 300);
    assertThat(lastOf(alice, room).getString("text")).isEqualTo("my own words");
  }

  @Test
  @DisplayName("the mood follows an edit and a delete: the old score leaves it")
  void theMoodFollowsEditsAndDeletes() {
    String room = TestGateway.room("mood");
    ChatClient alice = gateway.join(room, "alice");
    String id = alice.say(room, "I hate this, it is terrible", "m-1").getString("id");
    String before = awaitFor(alice, "message", id).getJsonObject("sentiment").getString("label");
    assertThat(moodCount(room, before)).isEqualTo(1);

    alice.send(frame("edit", room, id).put("text", "I love this, it is wonderful"));
    String after = awaitFor(alice, "edited", id).getJsonObject("sentiment").getString("label");
    JsonObject mood = gateway.get("/api/rooms/" + room + "/mood").json().getJsonObject("mood");
    assertThat(mood.getInteger("positive") + mood.getInteger("neutral") + mood.getInteger("negative")).isEqualTo(1);
    assertThat(mood.getInteger(after)).isEqualTo(1);

    alice.send(frame("delete", room, id));
    awaitFor(alice, "deleted", id);
    mood = gateway.get("/api/rooms/" + room + "/mood").json().getJsonObject("mood");
    assertThat(mood.getInteger("positive") + mood.getInteger("neutral") + mood.getInteger("negative")).isZero();
  }

  private static int moodCount(String room, String label) {
    return gateway.get("/api/rooms/" + room + "/mood").json().getJsonObject("mood").getInteger(label);
  }

  @Test
  @DisplayName("a delete by the author reaches every member, and history keeps a tombstone without the text")
  void theAuthorDeletesAMessage() {
    String room = TestGateway.room("delete");
    ChatClient alice = gateway.join(room, "alice");
    ChatClient bob = gateway.join(room, "bob");
    String id = alice.say(room, "something I regret", "d-1").getString("id");

    alice.send(frame("delete", room, id));
    for (ChatClient member : List.of(alice, bob)) {
      JsonObject deleted = awaitFor(member, "deleted", id);
      assertThat(deleted.fieldNames()).containsExactlyInAnyOrder("type", "room", "id", "by");
      assertThat(deleted.getString("by")).isEqualTo("alice");
    }
    JsonObject tomb = lastOf(bob, room);
    assertThat(tomb.fieldNames()).containsExactlyInAnyOrder("room", "id", "ts", "deleted");
    assertThat(tomb.getBoolean("deleted")).isTrue();

    alice.send(frame("delete", room, id));
    alice.send(frame("edit", room, id).put("text", "back again"));
    assertError(alice.awaitError("edit"), "bad_request", "edit");
    alice.send(react("react", room, id, THUMBS));
    assertError(alice.awaitError("react"), "bad_request", "react");
    bob.expectNothing(f -> "deleted".equals(f.getString("type")) || "edited".equals(f.getString("type")),
        "a second delete or an edit of a deleted message", 300);
  }

  @Test
  @DisplayName("deleting another user's message gets forbidden")
  void deletingAnotherUsersMessageIsForbidden() {
    String room = TestGateway.room("delete-other");
    ChatClient alice = gateway.join(room, "alice");
    ChatClient mallory = gateway.join(room, "mallory");
    String id = alice.say(room, "keep me", "k-1").getString("id");
    mallory.send(frame("delete", room, id));
    assertError(mallory.awaitError("delete"), "forbidden", "delete");
    assertThat(lastOf(alice, room).getString("text")).isEqualTo("keep me");
  }

  @Test
  @DisplayName("reactions are counted per emoji, one per user, stored, and carried by history")
  void reactionsAreCountedAndStored() {
    String room = TestGateway.room("react");
    ChatClient alice = gateway.join(room, "alice");
    ChatClient bob = gateway.join(room, "bob");
    String id = alice.say(room, "react to me", "r-1").getString("id");

    alice.send(react("react", room, id, THUMBS));
    awaitReactions(bob, id, Map.of(THUMBS, 1));
    bob.send(react("react", room, id, THUMBS));
    JsonObject two = awaitReactions(alice, id, Map.of(THUMBS, 2));
    assertThat(two.fieldNames()).containsExactlyInAnyOrder("type", "room", "id", "reactions");
    bob.send(react("react", room, id, THUMBS));
    bob.send(react("react", room, id, FAMILY));
    // bob's second thumbs changed nothing; the family is one emoji
    awaitReactions(alice, id, Map.of(THUMBS, 2, FAMILY, 1));
    alice.send(react("unreact", room, id, THUMBS));
    awaitReactions(bob, id, Map.of(THUMBS, 1, FAMILY, 1));
    alice.expectNothing(f -> "reactions".equals(f.getString("type"))
        && f.getJsonObject("reactions").getInteger(THUMBS, 0) == 3, "a thumbs counted twice for bob", 200);
    assertThat(lastOf(alice, room).getJsonObject("reactions").getMap()).isEqualTo(Map.of(THUMBS, 1, FAMILY, 1));
  }

  /** The reactions frame of message {@code id} that carries exactly {@code counts}. */
  private static JsonObject awaitReactions(ChatClient c, String id, Map<String, Integer> counts) {
    return c.await(f -> "reactions".equals(f.getString("type")) && id.equals(f.getString("id"))
        && f.getJsonObject("reactions").getMap().equals(counts), "reactions " + counts + " of " + id);
  }

  @Test
  @DisplayName("reacting with a thousand emoji stops at the bounds with too_many_reactions; text is not an emoji")
  void reactingWithAThousandEmojiIsRefused() {
    String room = TestGateway.room("react-flood");
    ChatClient alice = gateway.join(room, "alice");
    ChatClient bob = gateway.join(room, "bob");
    String id = alice.say(room, "react to me", "f-1").getString("id");
    for (int i = 0; i < 5; i++) {
      bob.send(react("react", room, id, new String(Character.toChars(0x1F600 + i))));
      awaitFor(alice, "reactions", id);
    }
    bob.send(react("react", room, id, FLAG));
    assertError(bob.awaitError("react"), "too_many_reactions", "react");
    for (String notOne : List.of("ok", THUMBS + THUMBS, "", "\u200D", "a" + THUMBS, "1")) {
      bob.send(react("react", room, id, notOne));
      assertError(bob.awaitError("react"), "bad_request", "react");
    }
    assertThat(lastOf(alice, room).getJsonObject("reactions").size()).isEqualTo(5);
  }

  @Test
  @DisplayName("typing reaches the other members, at most once per user per 2 seconds")
  void aTypingFloodIsPassedOnOnce() {
    String room = TestGateway.room("typing");
    ChatClient alice = gateway.join(room, "alice");
    ChatClient bob = gateway.join(room, "bob");
    for (int i = 0; i < 10; i++) {
      bob.send(frame("typing", room, null));
    }
    JsonObject typing = alice.await("typing");
    assertThat(typing.fieldNames()).containsExactlyInAnyOrder("type", "room", "user");
    assertThat(typing.getString("user")).isEqualTo("bob");
    alice.expectNothing(f -> "typing".equals(f.getString("type")), "a second typing within 2 s", 500);
    bob.expectNothing(f -> "typing".equals(f.getString("type")) || "error".equals(f.getString("type")),
        "bob's own typing or an error", 100);
  }

  @Test
  @DisplayName("typing, editing or reacting in a room not joined gets not_member")
  void theConversationFramesNeedMembership() {
    String room = TestGateway.room("outsider");
    ChatClient alice = gateway.join(room, "alice");
    String id = alice.say(room, "members only", "n-1").getString("id");
    ChatClient outsider = gateway.join(TestGateway.room("elsewhere"), "eve");
    outsider.send(frame("typing", room, null));
    assertError(outsider.awaitError("typing"), "not_member", "typing");
    outsider.send(frame("edit", room, id).put("text", "x"));
    assertError(outsider.awaitError("edit"), "not_member", "edit");
    outsider.send(react("react", room, id, THUMBS));
    assertError(outsider.awaitError("react"), "not_member", "react");
    outsider.send(frame("delete", room, id));
    assertError(outsider.awaitError("delete"), "not_member", "delete");
    alice.expectNothing(f -> Set.of("typing", "edited", "reactions", "deleted").contains(f.getString("type")),
        "anything from the outsider", 300);
  }

  @Test
  @DisplayName("mentions: @name parsed into the message's mentions, each once; addresses are not mentions")
  void mentionsAreParsed() {
    String room = TestGateway.room("mention");
    ChatClient alice = gateway.join(room, "alice");
    alice.send(ChatClient.sendFrame(room, "@bob, see @carol. and @bob again; mail x@example.com", "men-1"));
    assertThat(alice.awaitMessage("alice", "men-1").getJsonArray("mentions")).containsExactly("bob", "carol");
    alice.send(ChatClient.sendFrame(room, "nobody here", "men-2"));
    assertThat(alice.awaitMessage("alice", "men-2").containsKey("mentions")).isFalse();
  }
}
