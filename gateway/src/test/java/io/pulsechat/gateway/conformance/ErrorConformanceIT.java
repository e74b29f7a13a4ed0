package io.pulsechat.gateway.conformance;

import static io.pulsechat.gateway.testing.ChatClient.historyFrame;
import static io.pulsechat.gateway.testing.ChatClient.sendFrame;
import static io.pulsechat.gateway.testing.Shapes.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** "Errors": codes, the {@code ref} rule, connections staying open; {@code ping}; no null fields. */
@DisplayName("errors")
class ErrorConformanceIT {
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(Map.of());
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  @DisplayName("ping -> pong (no fields)")
  void pingPong() {
    ChatClient client = gateway.connect();

    client.send(new JsonObject().put("type", "ping"));

    assertThat(client.await("pong").fieldNames()).containsExactly("type");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"hello", "{\"type\":", "[{\"type\":\"ping\"}]", "\"ping\"", "42", "null", "{}",
      "{\"room\":\"r\",\"user\":\"u\"}"})
  @DisplayName("not JSON, a JSON array or scalar, a JSON object without type -> bad_request with no ref; the connection stays open")
  void framesThatAreNotJsonObjectsWithATypeHaveNoRef(String frame) {
    ChatClient client = gateway.connect();

    client.sendText(frame);

    assertError(client.await("error"), "bad_request", null);
    client.ping();
  }

  @Test
  @DisplayName("binary frame -> bad_request with no ref; the connection stays open")
  void binaryFrameIsABadRequest() {
    ChatClient client = gateway.connect();

    client.sendBinary(Buffer.buffer("{\"type\":\"ping\"}"));

    assertError(client.await("error"), "bad_request", null);
    client.ping();
  }

  @Test
  @DisplayName("unknown type -> bad_request, ref = that type")
  void unknownTypeIsABadRequestWithTheTypeAsRef() {
    ChatClient client = gateway.connect();

    client.send(new JsonObject().put("type", "dance").put("room", "r"));

    assertError(client.await("error"), "bad_request", "dance");
    client.ping();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{\"type\":\"join\",\"room\":\"r\"}|join",
      "{\"type\":\"join\",\"user\":\"u\"}|join",
      "{\"type\":\"join\",\"room\":5,\"user\":\"u\"}|join",
      "{\"type\":\"join\",\"room\":\"r\",\"user\":[\"u\"]}|join",
      "{\"type\":\"leave\"}|leave",
      "{\"type\":\"leave\",\"room\":\"no spaces\"}|leave",
      "{\"type\":\"history\"}|history",
      "{\"type\":\"history\",\"room\":{}}|history",
      "{\"type\":\"send\",\"room\":\"r\",\"text\":\"t\"}|send",
      "{\"type\":\"send\",\"room\":\"r\",\"text\":\"t\",\"clientMsgId\":\"\"}|send",
      "{\"type\":\"send\",\"room\":\"r\",\"text\":\"t\",\"clientMsgId\":12}|send",
      "{\"type\":\"send\",\"text\":\"t\",\"clientMsgId\":\"c-9\"}|c-9",
      "{\"type\":\"send\",\"room\":\"r\",\"clientMsgId\":\"c-10\"}|c-10",
      "{\"type\":\"send\",\"room\":\"r\",\"text\":7,\"clientMsgId\":\"c-11\"}|c-11",
      "{\"type\":\"send\",\"room\":\"bad room\",\"text\":\"t\",\"clientMsgId\":\"c-12\"}|c-12",
  })
  @DisplayName("a field missing or ill-typed -> bad_request; ref = clientMsgId of a send if a non-empty string, else the request type")
  void missingOrIllTypedFieldsAreBadRequests(String frame, String ref) {
    ChatClient client = gateway.connect();

    client.sendText(frame);

    assertError(client.await("error"), "bad_request", ref);
    client.ping();
  }

  @Test
  @DisplayName("send for a room the connection has not joined -> not_member, ref = clientMsgId; the connection stays open")
  void sendToARoomNotJoinedIsNotMember() {
    ChatClient client = gateway.connect();
    client.join(TestGateway.room("mine"), "outsider");

    client.send(sendFrame(TestGateway.room("theirs"), "hi", "nm-1"));

    assertError(client.answerTo("nm-1"), "not_member", "nm-1");
    client.ping();
  }

  @Test
  @DisplayName("send before any join -> not_member, ref = clientMsgId")
  void sendBeforeJoiningIsNotMember() {
    ChatClient client = gateway.connect();

    client.send(sendFrame(TestGateway.room("nobody"), "hi", "nm-2"));

    assertError(client.answerTo("nm-2"), "not_member", "nm-2");
  }

  @Test
  @DisplayName("error: code, message, ref (only when there is one)")
  void errorFrameShape() {
    ChatClient client = gateway.connect();

    client.sendText("not json");
    client.send(new JsonObject().put("type", "what"));

    assertThat(client.await("error").fieldNames()).containsExactlyInAnyOrder("type", "code", "message");
    assertThat(client.await("error").fieldNames()).containsExactlyInAnyOrder("type", "code", "message", "ref");
  }

  @Test
  @DisplayName("a field without a value is left out, never null (every frame type of a session)")
  void noNullFieldsAnywhere() {
    String room = TestGateway.room("nulls");
    ChatClient watcher = gateway.join(room, "watcher");
    ChatClient client = gateway.connect();
    client.join(room, "talker");
    client.say(room, "a fine message", "n-1");
    client.history(historyFrame(room));
    client.history(historyFrame(room).put("limit", 0));
    client.sendText("oops");
    client.send(sendFrame(room, "", "n-2"));
    client.ping();
    client.send(new JsonObject().put("type", "leave").put("room", room));
    client.await("left");
    watcher.awaitPresence("talker", "offline");
    ChatClient late = gateway.connect();
    late.join(room, "late");

    List<JsonObject> frames = new java.util.ArrayList<>(client.received());
    frames.addAll(watcher.received());
    frames.addAll(late.received());
    assertThat(frames.stream().map(f -> f.getString("type")).distinct())
        .contains("joined", "message", "ack", "history", "error", "pong", "left", "presence");
    for (JsonObject frame : frames) {
      assertThat(ChatClient.nullFields(frame)).as("null fields of %s", frame.encode()).isEmpty();
    }
  }
}
