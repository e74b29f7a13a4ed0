package io.pulsechat.gateway.conformance;

import static io.pulsechat.gateway.testing.Shapes.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.ChatClient;
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

/** PROTOCOL.md "Extensions: conversation", read markers: the read frame, joined.unread and GET /api/unread. */
@DisplayName("read markers")
class ReadMarkerConformanceIT {
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(Map.of());
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static JsonObject read(String room, String id) {
    return new JsonObject().put("type", "read").put("room", room).put("id", id);
  }

  @Test
  @DisplayName("a read marker counts what came after it, in joined, in the read answer and over HTTP")
  void theReadMarkerCountsUnreadMessages() {
    String room = TestGateway.room("unread");
    ChatClient alice = gateway.join(room, "alice");
    ChatClient bob = gateway.join(room, "bob");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(alice.say(room, "message " + i, "u-" + i).getString("id"));
    }
    bob.send(read(room, ids.get(1)));
    JsonObject answer = bob.await("read");
    assertThat(answer.fieldNames()).containsExactlyInAnyOrder("type", "room", "id", "unread");
    assertThat(answer.getString("id")).isEqualTo(ids.get(1));
    assertThat(answer.getInteger("unread")).isEqualTo(3);

    bob.send(read(room, ids.get(0)));
    JsonObject backwards = bob.await("read");
    assertThat(backwards.getString("id")).as("a marker only moves forward").isEqualTo(ids.get(1));
    assertThat(backwards.getInteger("unread")).isEqualTo(3);

    alice.send(new JsonObject().put("type", "delete").put("room", room).put("id", ids.get(4)));
    bob.await(f -> "deleted".equals(f.getString("type")), "deleted");
    assertThat(gateway.connect().join(room, "bob").getInteger("unread")).as("deleted messages are not unread")
        .isEqualTo(2);
    assertThat(gateway.connect().join(room, "carol").getInteger("unread")).as("no marker yet").isZero();

    JsonObject unread = gateway.get("/api/unread?user=bob").json();
    assertThat(unread.getString("user")).isEqualTo("bob");
    JsonArray rooms = unread.getJsonArray("rooms");
    assertThat(rooms).hasSize(1);
    assertThat(rooms.getJsonObject(0).getMap()).isEqualTo(Map.of("room", room, "id", ids.get(1), "unread", 2));
    assertThat(gateway.get("/api/unread").status()).isEqualTo(400);
  }

  @Test
  @DisplayName("a read marker on a room not joined gets not_member; on an id not of the room, bad_request")
  void aReadMarkerOnARoomNotJoinedIsRefused() {
    String room = TestGateway.room("private-ish");
    ChatClient alice = gateway.join(room, "alice");
    String id = alice.say(room, "not for eve", "p-1").getString("id");
    ChatClient eve = gateway.join(TestGateway.room("elsewhere"), "eve");
    eve.send(read(room, id));
    assertError(eve.awaitError("read"), "not_member", "read");
    alice.send(read(room, "0000000000000-zz-0000"));
    assertError(alice.awaitError("read"), "bad_request", "read");
    assertThat(gateway.get("/api/unread?user=eve").json().getJsonArray("rooms")).isEmpty();
  }
}
