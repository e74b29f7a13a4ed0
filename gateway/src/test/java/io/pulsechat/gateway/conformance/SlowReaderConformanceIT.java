package io.pulsechat.gateway.conformance;

import static io.pulsechat.gateway.testing.ChatClient.sendFrame;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** "A client too slow to read its messages is dropped from its rooms ... and closed with status 1013". */
@DisplayName("slow readers")
class SlowReaderConformanceIT {
  private static final int BATCH = 100;
  /** Enough bytes to fill loopback TCP buffers many times over; the test stops as soon as the drop happens. */
  private static final int MAX_MESSAGES = 40_000;
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    // A small outbound bound, and a rate limit one sender cannot reach, so that one client can flood.
    gateway = TestGateway.start(Map.of(
        "CHAT_OUTBOUND_MAX_BYTES", "16384",
        "CHAT_RATE_PER_SECOND", "1000000",
        "CHAT_RATE_BURST", "1000000"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  @DisplayName("a reader past its outbound bound is closed with 1013; the others see it leave and keep receiving every message in id order")
  void slowReaderIsDroppedAndTheOthersKeepUp() {
    String room = TestGateway.room("slow");
    ChatClient slow = gateway.join(room, "slow");
    ChatClient observer = gateway.join(room, "observer");
    ChatClient sender = gateway.join(room, "sender");
    observer.awaitPresence("sender", "online");
    slow.pause();
    String text = "z".repeat(2000);
    Predicate<JsonObject> slowLeft = f -> "presence".equals(f.getString("type")) && "slow".equals(f.getString("user"))
        && "offline".equals(f.getString("status"));

    List<String> acked = new ArrayList<>();
    while (!observer.has(slowLeft) && acked.size() < MAX_MESSAGES) {
      List<JsonObject> batch = new ArrayList<>();
      for (int i = 0; i < BATCH; i++) {
        batch.add(sendFrame(room, text, "flood-" + (acked.size() + i)));
      }
      sender.sendAll(batch);
      int base = acked.size();
      for (int i = 0; i < BATCH; i++) {
        JsonObject answer = sender.answerTo("flood-" + (base + i));
        assertThat(answer.getString("type")).as("answer %s", answer.encode()).isEqualTo("ack");
        acked.add(answer.getString("id"));
      }
    }
    JsonObject offline = observer.await(slowLeft, "presence offline of the slow reader");
    JsonObject after = sender.say(room, "after the drop", "after-drop");
    acked.add(after.getString("id"));

    assertThat(offline.getValue("count")).isEqualTo(2);
    assertThat(sender.isClosed()).as("the sender, which reads everything, is still connected").isFalse();
    assertThat(observer.isClosed()).as("the observer, which reads everything, is still connected").isFalse();
    List<String> received = observer.awaitN(f -> "message".equals(f.getString("type")), acked.size(), "message")
        .stream().map(m -> m.getString("id")).toList();
    assertThat(received).as("the observer's messages, in the order received")
        .containsExactlyElementsOf(acked.stream().sorted().toList());
    slow.resume();
    assertThat(slow.awaitClose()).isEqualTo((short) 1013);
  }
}
