package io.pulsechat.gateway.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.TestGateway;
import io.pulsechat.sentiment.SentimentModels;
import io.pulsechat.sentiment.encoder.AccurateModels;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SENTIMENT_MODEL end to end: which model scores, that each message names it, that /metrics counts it. */
class SentimentModeIT {
  private static final String ACCURATE = AccurateModels.loadDefault().version();
  private static final String FAST = SentimentModels.loadDefault().version();
  /** In auto the fallback is the fast model the accurate one stacks on (it may differ from the default fast model). */
  private static final String AUTO_FALLBACK = AccurateModels.loadDefault().fast().version();

  /** The encoder is loaded once per JVM; loading it here keeps the gateway's start within the test's bound. */
  @BeforeAll
  static void loadTheEncoder() {
    AccurateModels.encoder();
  }

  @Test
  void autoScoresWithTheAccurateModelWhenIdleAndKeepsABurstInOrder() {
    try (TestGateway gateway = TestGateway.start(Map.of("SENTIMENT_MODEL", "auto",
        "CHAT_RATE_PER_SECOND", "1000", "CHAT_RATE_BURST", "1000"))) {
      String room = TestGateway.room("auto");
      ChatClient alice = gateway.join(room, "alice");
      alice.say(room, "I love this, best day ever", "one");
      JsonObject first = alice.awaitMessage("alice", "one");
      assertThat(first.getJsonObject("sentiment").getString("model")).isEqualTo(ACCURATE);
      assertThat(first.getJsonObject("sentiment").getString("label")).isEqualTo("positive");

      // A burst larger than the queue: some go to the fast model, none is lost or reordered.
      int burst = 200;
      for (int i = 0; i < burst; i++) {
        alice.send(ChatClient.sendFrame(room, "message number " + i, "b" + i));
      }
      List<JsonObject> messages = alice.awaitN(f -> "message".equals(f.getString("type"))
          && f.getString("clientMsgId").startsWith("b"), burst, "burst message");
      assertThat(messages).extracting(m -> m.getString("clientMsgId"))
          .containsExactlyElementsOf(java.util.stream.IntStream.range(0, burst).mapToObj(i -> "b" + i).toList());
      assertThat(messages).extracting(m -> m.getString("id")).isSorted();
      assertThat(messages).extracting(m -> m.getJsonObject("sentiment").getString("model"))
          .containsAnyOf(AUTO_FALLBACK, ACCURATE).allMatch(m -> m.equals(AUTO_FALLBACK) || m.equals(ACCURATE));

      String metrics = gateway.metrics();
      assertThat(metrics).containsPattern("pulsechat_sentiment_scored_total\\{[^}]*model=\"accurate\"[^}]*} [1-9]");
    }
  }

  @Test
  void fastScoresEveryMessageWithTheFastModelAndCountsIt() {
    try (TestGateway gateway = TestGateway.start(Map.of("SENTIMENT_MODEL", "fast"))) {
      String room = TestGateway.room("fast");
      ChatClient bob = gateway.join(room, "bob");
      bob.say(room, "this is awful", "one");
      assertThat(bob.awaitMessage("bob", "one").getJsonObject("sentiment").getString("model")).isEqualTo(FAST);
      assertThat(gateway.metrics()).containsPattern("pulsechat_sentiment_scored_total\\{[^}]*model=\"fast\"[^}]*} 1");
    }
  }
}
