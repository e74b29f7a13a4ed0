package io.pulsechat.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.TestGateway;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * CHAT_DELIVERY_TRACE: on, one broadcast through the real gateway shows up in every stage's
 * histogram; off (the default), /metrics has no trace meter at all.
 */
class DeliveryTraceIT {
  private static final String[] STAGES = {"score", "store", "release", "handoff", "write", "flush", "sent"};

  @Test
  void tracedBroadcastIsTimedAtEveryStage() {
    try (TestGateway gateway = TestGateway.start(Map.of("CHAT_DELIVERY_TRACE", "true"))) {
      String room = TestGateway.room("traced");
      ChatClient alice = gateway.connect();
      ChatClient bob = gateway.connect();
      alice.join(room, "alice");
      bob.join(room, "bob");
      alice.say(room, "hello", "c1");
      bob.awaitMessage("alice", "c1");
      // The loop records the flush pass just after its last socket write: Bob may read first.
      String metrics = gateway.metrics();
      for (long deadline = System.nanoTime() + 5_000_000_000L; count(metrics, "sent") < 1 && System.nanoTime() < deadline; ) {
        metrics = gateway.metrics();
      }
      for (String stage : STAGES) {
        assertThat(count(metrics, stage)).as("pulsechat_trace_%s_seconds_count", stage).isGreaterThanOrEqualTo(1);
      }
    }
  }

  @Test
  void untracedGatewayHasNoTraceMeters() {
    try (TestGateway gateway = TestGateway.start(Map.of())) {
      String room = TestGateway.room("untraced");
      ChatClient alice = gateway.connect();
      alice.join(room, "alice");
      alice.say(room, "hello", "c1");
      assertThat(gateway.metrics()).contains("pulsechat_fanout_seconds_count").doesNotContain("pulsechat_trace_");
    }
  }

  private static double count(String metrics, String stage) {
    Matcher m = Pattern.compile("(?m)^pulsechat_trace_" + stage + "_seconds_count(?:\\{[^}]*\\})? (\\S+)$").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }
}
