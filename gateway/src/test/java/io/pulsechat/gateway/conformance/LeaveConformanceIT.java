package io.pulsechat.gateway.conformance;

import static io.pulsechat.gateway.testing.ChatClient.historyFrame;
import static io.pulsechat.gateway.testing.ChatClient.sendFrame;
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

/** The {@code leave} row of "Client to server". */
@DisplayName("leave")
class LeaveConformanceIT {
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(Map.of());
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static JsonObject leaveFrame(String room) {
    return new JsonObject().put("type", "leave").put("room", room);
  }

  @Test
  @DisplayName("leave -> to the caller: left (room)")
  void leftGoesToTheCaller() {
    String room = TestGateway.room("left");
    ChatClient client = gateway.join(room, "leaver");

    client.send(leaveFrame(room));

    JsonObject left = client.await("left");
    assertThat(left.fieldNames()).containsExactlyInAnyOrder("type", "room");
    assertThat(left.getString("room")).isEqualTo(room);
  }

  @Test
  @DisplayName("leave -> to the other members: presence (offline) with room, user, status, count")
  void presenceOfflineGoesToTheOthers() {
    String room = TestGateway.room("offline");
    ChatClient stay = gateway.join(room, "stay");
    ChatClient go = gateway.join(room, "go");

    go.send(leaveFrame(room));

    JsonObject presence = stay.awaitPresence("go", "offline");
    assertThat(presence.getString("room")).isEqualTo(room);
    assertThat(presence.getValue("count")).isEqualTo(1);
  }

  @Test
  @DisplayName("presence goes to the other members, never to the user who left")
  void presenceNeverGoesToTheLeaver() {
    String room = TestGateway.room("offline-self");
    ChatClient stay = gateway.join(room, "stay");
    ChatClient go = gateway.join(room, "go");
    go.join(TestGateway.room("elsewhere"), "go");

    go.send(leaveFrame(room));
    go.await("left");
    stay.awaitPresence("go", "offline");

    // The leaver is still connected; a frame from the room after the leave must not reach it either.
    stay.say(room, "after the leave", "after-leave");
    stay.awaitMessage("stay", "after-leave");
    go.ping();
    assertThat(go.received()).noneMatch(f -> "presence".equals(f.getString("type")) && "go".equals(f.getString("user")));
    assertThat(go.received()).noneMatch(f -> "message".equals(f.getString("type")));
  }

  @Test
  @DisplayName("send after leaving -> not_member (ref clientMsgId); the connection stays open")
  void sendAfterLeavingIsNotMember() {
    String room = TestGateway.room("send-after-leave");
    ChatClient client = gateway.join(room, "leaver");
    client.send(leaveFrame(room));
    client.await("left");

    client.send(sendFrame(room, "too late", "late-1"));

    assertError(client.answerTo("late-1"), "not_member", "late-1");
    client.ping();
  }

  @Test
  @DisplayName("history after leaving -> not_member (ref history); the connection stays open")
  void historyAfterLeavingIsNotMember() {
    String room = TestGateway.room("history-after-leave");
    ChatClient client = gateway.join(room, "leaver");
    client.send(leaveFrame(room));
    client.await("left");

    assertError(client.history(historyFrame(room)), "not_member", "history");
    client.ping();
  }
}
