package io.pulsechat.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** The frame shapes of PROTOCOL.md "Server to client", as assertions. */
public final class Shapes {
  private Shapes() {
  }

  /** {@code message}: room, id, user, text, ts, clientMsgId, sentiment. */
  public static void assertMessage(JsonObject m, String room, String user, String text, String clientMsgId) {
    assertThat(m.getString("type")).as("type of %s", m).isEqualTo("message");
    assertThat(m.getString("room")).as("room of %s", m).isEqualTo(room);
    assertThat(m.getString("user")).as("user of %s", m).isEqualTo(user);
    assertThat(m.getString("text")).as("text of %s", m).isEqualTo(text);
    assertThat(m.getString("clientMsgId")).as("clientMsgId of %s", m).isEqualTo(clientMsgId);
    assertId(m.getValue("id"));
    assertTs(m.getValue("ts"));
    assertSentiment(m.getValue("sentiment"));
  }

  /** {@code id}: an ASCII string. */
  public static void assertId(Object id) {
    assertThat(id).as("id").isInstanceOf(String.class);
    String s = (String) id;
    assertThat(s).as("id").isNotEmpty();
    assertThat(StandardCharsets.US_ASCII.newEncoder().canEncode(s)).as("id %s is ASCII", s).isTrue();
  }

  /** {@code ts}: milliseconds since the epoch, server clock (same machine: within a minute of ours). */
  public static void assertTs(Object ts) {
    assertThat(ts).as("ts").isInstanceOf(Number.class);
    assertThat(ts).as("ts is a whole number").isNotInstanceOf(Double.class).isNotInstanceOf(Float.class);
    long value = ((Number) ts).longValue();
    assertThat(value).as("ts").isBetween(System.currentTimeMillis() - 600_000, System.currentTimeMillis() + 60_000);
  }

  /** {@code sentiment}: label positive|neutral|negative, score -1..1, model. */
  public static void assertSentiment(Object value) {
    assertThat(value).as("sentiment").isInstanceOf(JsonObject.class);
    JsonObject s = (JsonObject) value;
    assertThat(s.getString("label")).as("sentiment.label of %s", s).isIn("positive", "neutral", "negative");
    assertThat(s.getValue("score")).as("sentiment.score of %s", s).isInstanceOf(Number.class);
    assertThat(s.getDouble("score")).as("sentiment.score of %s", s).isBetween(-1.0, 1.0);
    assertThat(s.getValue("model")).as("sentiment.model of %s", s).isInstanceOf(String.class);
    assertThat(s.getString("model")).as("sentiment.model of %s", s).isNotBlank();
  }

  /** {@code mood}: score -1..1, positive, neutral, negative counts, window. */
  public static void assertMood(Object value) {
    assertThat(value).as("mood").isInstanceOf(JsonObject.class);
    JsonObject mood = (JsonObject) value;
    assertThat(mood.getValue("score")).as("mood.score of %s", mood).isInstanceOf(Number.class);
    assertThat(mood.getDouble("score")).as("mood.score of %s", mood).isBetween(-1.0, 1.0);
    for (String count : List.of("positive", "neutral", "negative")) {
      assertThat(mood.getValue(count)).as("mood.%s of %s", count, mood).isInstanceOf(Number.class);
      assertThat(mood.getDouble(count)).as("mood.%s of %s", count, mood).isGreaterThanOrEqualTo(0.0);
    }
    assertThat(mood.getValue("window")).as("mood.window of %s", mood).isInstanceOf(String.class);
    assertThat(mood.getString("window")).as("mood.window of %s", mood).isNotBlank();
  }

  /** An {@code error} frame with this code and ref ({@code null}: no ref field at all). */
  public static void assertError(JsonObject e, String code, String ref) {
    assertThat(e.getString("type")).as("type of %s", e).isEqualTo("error");
    assertThat(e.getString("code")).as("code of %s", e).isEqualTo(code);
    assertThat(e.getValue("message")).as("message of %s", e).isInstanceOf(String.class);
    if (ref == null) {
      assertThat(e.containsKey("ref")).as("%s has no ref", e).isFalse();
    } else {
      assertThat(e.getValue("ref")).as("ref of %s", e).isEqualTo(ref);
    }
  }

  /** Field names of a frame, for exact-shape checks. */
  public static Set<String> fields(JsonObject frame) {
    return frame.fieldNames();
  }
}
