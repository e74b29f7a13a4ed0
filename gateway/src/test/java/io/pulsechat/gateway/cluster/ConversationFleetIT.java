package io.pulsechat.gateway.cluster;

import static io.pulsechat.gateway.testing.Shapes.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PROTOCOL.md "Extensions: conversation" across a fleet of two gateways on DynamoDB Local: the
 * room's owner is on one node, a member on the other, and every change crosses between them.
 */
class ConversationFleetIT {
  private static final String THUMBS = "\uD83D\uDC4D";

  @RegisterExtension
  final GatewayFleets fleets = new GatewayFleets();

  private static JsonObject frame(String type, String room, String id) {
    return new JsonObject().put("type", type).put("room", room).put("id", id);
  }

  private static JsonObject awaitFor(ChatClient c, String type, String id) {
    return c.await(f -> type.equals(f.getString("type")) && id.equals(f.getString("id")), type + " of " + id);
  }

  @Test
  void editsDeletesReactionsTypingAndReadMarkersCrossTheFleet() {
    GatewayFleet fleet = fleets.clustered(2);
    String room = TestGateway.room("conversation");
    // alice touches the room first: its owner is on node 0, bob reaches it from node 1.
    ChatClient alice = fleet.join(fleet.node(0), room, "alice");
    ChatClient bob = fleet.join(fleet.node(1), room, "bob");
    String id = alice.say(room, "hello @bob", "c-1").getString("id");
    assertThat(awaitFor(bob, "message", id).getJsonArray("mentions")).containsExactly("bob");

    bob.send(frame("react", room, id).put("emoji", THUMBS));
    assertThat(awaitFor(alice, "reactions", id).getJsonObject("reactions").getMap()).isEqualTo(Map.of(THUMBS, 1));
    bob.send(new JsonObject().put("type", "typing").put("room", room));
    assertThat(alice.await("typing").getString("user")).isEqualTo("bob");
    bob.send(frame("edit", room, id).put("text", "not mine to change"));
    assertError(bob.awaitError("edit"), "forbidden", "edit");

    alice.send(frame("edit", room, id).put("text", "hello again @bob"));
    assertThat(awaitFor(bob, "edited", id).getString("text")).isEqualTo("hello again @bob");
    String second = alice.say(room, "one more", "c-2").getString("id");
    bob.send(frame("read", room, id));
    JsonObject read = bob.await("read");
    assertThat(read.getString("id")).isEqualTo(id);
    assertThat(read.getInteger("unread")).isEqualTo(1);

    alice.send(frame("delete", room, second));
    assertThat(awaitFor(bob, "deleted", second).getString("by")).isEqualTo("alice");
    JsonObject rejoined = fleet.join(fleet.node(1), room, "bob").received().stream()
        .filter(f -> "joined".equals(f.getString("type"))).findFirst().orElseThrow();
    assertThat(rejoined.getInteger("unread")).as("the deleted message is not unread").isZero();
    assertThat(rejoined.getJsonArray("history").getJsonObject(0).getString("text")).isEqualTo("hello again @bob");
    assertThat(rejoined.getJsonArray("history").getJsonObject(1).getBoolean("deleted")).isTrue();
  }
}
