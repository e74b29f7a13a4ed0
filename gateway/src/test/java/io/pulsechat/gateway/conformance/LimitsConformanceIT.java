package io.pulsechat.gateway.conformance;

import static io.pulsechat.gateway.testing.ChatClient.sendFrame;
import static io.pulsechat.gateway.testing.Shapes.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** "Transport" frame size and the {@code rate_limited} row of "Errors", with the default limits. */
@DisplayName("limits")
class LimitsConformanceIT {
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(Map.of());
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  /** A ping whose payload is exactly {@code bytes} long: JSON white space pads it. */
  private static String pingOf(int bytes) {
    String head = "{\"type\":\"ping\"";
    String frame = head + " ".repeat(bytes - head.length() - 1) + "}";
    assertThat(frame.getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
    return frame;
  }

  private static List<JsonObject> sends(String room, String prefix, int n) {
    List<JsonObject> frames = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      frames.add(sendFrame(room, "flood " + i, prefix + i));
    }
    return frames;
  }

  @Test
  @DisplayName("a frame of 16,384 bytes (16 KiB) is accepted")
  void frameOf16KiBIsAccepted() {
    ChatClient client = gateway.connect();

    client.sendText(pingOf(16_384));

    client.await("pong");
    client.ping();
  }

  @Test
  @DisplayName("a frame whose payload is larger than 16 KiB (16,385 bytes) closes the connection with status 1009")
  void frameOver16KiBClosesWith1009() {
    ChatClient client = gateway.connect();

    client.sendText(pingOf(16_385));

    assertThat(client.awaitClose()).isEqualTo((short) 1009);
  }

  @Test
  @DisplayName("rate_limited: a burst of 40 sends passes, the next gets rate_limited (ref = its clientMsgId); the connection stays open")
  void burstOf40PassesAndThe41stIsRateLimited() {
    String room = TestGateway.room("burst");
    ChatClient client = gateway.join(room, "burster");
    long start = System.nanoTime();

    client.sendAll(sends(room, "b-", 50));

    List<JsonObject> answers = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      answers.add(client.answerTo("b-" + i));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    for (int i = 0; i < 40; i++) {
      assertThat(answers.get(i).getString("type")).as("answer to send %d", i).isEqualTo("ack");
    }
    // Sends past the burst pass only with tokens refilled meanwhile (20 a second); 0 when the 50
    // frames take less than 50 ms, as they normally do.
    int refilled = (int) Math.floor(20 * seconds);
    long accepted = answers.stream().filter(a -> "ack".equals(a.getString("type"))).count();
    assertThat(accepted).as("sends accepted within %.3f s", seconds).isBetween(40L, 40L + refilled);
    for (int i = 40; i < 50; i++) {
      if (!"ack".equals(answers.get(i).getString("type"))) {
        assertError(answers.get(i), "rate_limited", "b-" + i);
      }
    }
    client.ping();
  }

  @Test
  @DisplayName("rate_limited: the token bucket refills at about 20 sends a second")
  void bucketRefillsAt20PerSecond() throws InterruptedException {
    String room = TestGateway.room("refill");
    ChatClient client = gateway.join(room, "refiller");
    long start = System.nanoTime();
    client.sendAll(sends(room, "first-", 40));
    for (int i = 0; i < 40; i++) {
      assertThat(client.answerTo("first-" + i).getString("type")).isEqualTo("ack");
    }

    Thread.sleep(1_000); // the rule is about time: one second of refill
    client.sendAll(sends(room, "second-", 35));
    double elapsedSeconds = (System.nanoTime() - start) / 1e9;

    int acked = 0;
    for (int i = 0; i < 35; i++) {
      JsonObject answer = client.answerTo("second-" + i);
      if ("ack".equals(answer.getString("type"))) {
        acked++;
      } else {
        assertError(answer, "rate_limited", "second-" + i);
      }
    }
    assertThat(acked).as("sends accepted after %.2f s of refill at 20/s", elapsedSeconds)
        .isBetween(18, (int) Math.ceil(20 * elapsedSeconds) + 1);
  }

  @Test
  @DisplayName("rate_limited: a burst is not abuse: 100 resends at once get 40 acks and 60 rate_limited, and the connection stays open")
  void burstOfResendsStaysOpen() throws InterruptedException {
    String room = TestGateway.room("resend");
    ChatClient client = gateway.join(room, "resender");

    client.sendAll(sends(room, "r-", 100));

    int acked = 0;
    for (int i = 0; i < 100; i++) {
      JsonObject answer = client.answerTo("r-" + i);
      if ("ack".equals(answer.getString("type"))) {
        acked++;
      } else {
        assertError(answer, "rate_limited", "r-" + i);
      }
    }
    assertThat(acked).isBetween(40, 45);
    client.ping();
    client.history(ChatClient.historyFrame(room));
    Thread.sleep(1_000); // the rule is about time: a second of refill, then the client resends what was refused
    client.send(sendFrame(room, "flood 99", "r-99"));
    assertThat(client.answerTo("r-99").getString("type")).isEqualTo("ack");
    assertThat(client.isClosed()).isFalse();
  }

  @Test
  @DisplayName("rate_limited: sending over the allowance without pause for at least 5 seconds closes the connection with 1008, not before")
  void sustainedAbuseClosesWith1008() throws InterruptedException {
    String room = TestGateway.room("abuse");
    ChatClient client = gateway.join(room, "abuser");
    long start = System.nanoTime();
    long firstRefusal = 0;

    // 50 sends a second against an allowance of 20: the 40 of the burst are gone after about 1.3 s,
    // and from then on refusals come every few tens of milliseconds.
    for (int i = 0; !client.isClosed() && System.nanoTime() - start < 15_000_000_000L; i++) {
      client.sendAllUntilClosed(List.of(sendFrame(room, "abuse " + i, "a-" + i)));
      if (firstRefusal == 0 && client.has(f -> "rate_limited".equals(f.getString("code")))) {
        firstRefusal = System.nanoTime();
      }
      Thread.sleep(20);
    }
    long closed = System.nanoTime();

    assertThat(client.awaitClose()).isEqualTo((short) 1008);
    assertThat(firstRefusal).as("a send was refused").isPositive();
    // The client sees the first refusal a little after the server sent it, and the close a little after too.
    assertThat((closed - firstRefusal) / 1e9).as("seconds of refusals before the close").isGreaterThan(4.8);
  }
}
