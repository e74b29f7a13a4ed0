package io.pulsechat.gateway.conformance;

import static io.pulsechat.gateway.testing.ChatClient.historyFrame;
import static io.pulsechat.gateway.testing.Shapes.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.Shapes;
import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code history} row of "Client to server" and the {@code history} frame. */
@DisplayName("history")
class HistoryConformanceIT {
  private static final AtomicInteger READERS = new AtomicInteger();
  private static TestGateway gateway;
  /** A room with 7 messages; SEVEN holds their ids in the order they were sent. */
  private static String seven;
  private static final List<String> SEVEN = new ArrayList<>();
  /** A room with 60 messages. */
  private static String sixty;
  private static final List<String> SIXTY = new ArrayList<>();

  @BeforeAll
  static void start() {
    // A raised burst only so that one client can fill a room with 60 messages quickly.
    gateway = TestGateway.start(Map.of("CHAT_RATE_BURST", "500"));
    seven = TestGateway.room("seven");
    fill(seven, 7, SEVEN);
    sixty = TestGateway.room("sixty");
    fill(sixty, 60, SIXTY);
  }

  private static void fill(String room, int n, List<String> ids) {
    ChatClient writer = gateway.join(room, "writer");
    for (int i = 0; i < n; i++) {
      ids.add(writer.say(room, "message " + i, room + "-" + i).getString("id"));
    }
    writer.close();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static ChatClient reader(String room) {
    return gateway.join(room, "reader" + READERS.incrementAndGet());
  }

  private static JsonObject query(String room, String field, Object value, Integer limit) {
    JsonObject q = historyFrame(room);
    if (field != null) {
      q.put(field, value);
    }
    if (limit != null) {
      q.put("limit", limit);
    }
    return q;
  }

  private static List<String> ids(JsonObject history) {
    assertThat(history.getString("type")).as("answer %s", history.encode()).isEqualTo("history");
    return history.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("id")).toList();
  }

  @Test
  @DisplayName("history frame: room, messages (oldest first, as message objects), more")
  void historyFrameShape() {
    JsonObject history = reader(seven).history(historyFrame(seven));

    assertThat(history.fieldNames()).containsExactlyInAnyOrder("type", "room", "messages", "more");
    assertThat(history.getString("room")).isEqualTo(seven);
    assertThat(ids(history)).containsExactlyElementsOf(SEVEN);
    assertThat(history.getBoolean("more")).isFalse();
    for (int i = 0; i < 7; i++) {
      JsonObject m = history.getJsonArray("messages").getJsonObject(i);
      assertThat(m.getString("room")).isEqualTo(seven);
      assertThat(m.getString("user")).isEqualTo("writer");
      assertThat(m.getString("text")).isEqualTo("message " + i);
      assertThat(m.getString("clientMsgId")).isEqualTo(seven + "-" + i);
      Shapes.assertTs(m.getValue("ts"));
      Shapes.assertSentiment(m.getValue("sentiment"));
    }
  }

  @Test
  @DisplayName("without before or after: the latest messages, ascending; more = older messages remain")
  void latestMessages() {
    ChatClient reader = reader(seven);

    JsonObject three = reader.history(query(seven, null, null, 3));
    JsonObject all = reader.history(query(seven, null, null, 7));

    assertThat(ids(three)).containsExactlyElementsOf(SEVEN.subList(4, 7));
    assertThat(three.getBoolean("more")).isTrue();
    assertThat(ids(all)).containsExactlyElementsOf(SEVEN);
    assertThat(all.getBoolean("more")).isFalse();
  }

  @Test
  @DisplayName("before an id: the newest messages older than it, ascending; more = whether older ones remain")
  void beforeReturnsTheNewestOlderMessages() {
    ChatClient reader = reader(seven);

    JsonObject page = reader.history(query(seven, "before", SEVEN.get(5), 2));
    JsonObject last = reader.history(query(seven, "before", SEVEN.get(2), 5));
    JsonObject exact = reader.history(query(seven, "before", SEVEN.get(2), 2));
    JsonObject none = reader.history(query(seven, "before", SEVEN.get(0), 5));

    assertThat(ids(page)).containsExactly(SEVEN.get(3), SEVEN.get(4));
    assertThat(page.getBoolean("more")).isTrue();
    assertThat(ids(last)).containsExactly(SEVEN.get(0), SEVEN.get(1));
    assertThat(last.getBoolean("more")).isFalse();
    assertThat(ids(exact)).containsExactly(SEVEN.get(0), SEVEN.get(1));
    assertThat(exact.getBoolean("more")).as("nothing older than the first message").isFalse();
    assertThat(ids(none)).isEmpty();
    assertThat(none.getBoolean("more")).isFalse();
  }

  @Test
  @DisplayName("after an id: the oldest messages newer than it, ascending; more = whether newer ones remain")
  void afterReturnsTheOldestNewerMessages() {
    ChatClient reader = reader(seven);

    JsonObject page = reader.history(query(seven, "after", SEVEN.get(1), 2));
    JsonObject last = reader.history(query(seven, "after", SEVEN.get(4), 5));
    JsonObject exact = reader.history(query(seven, "after", SEVEN.get(4), 2));
    JsonObject none = reader.history(query(seven, "after", SEVEN.get(6), 5));

    assertThat(ids(page)).containsExactly(SEVEN.get(2), SEVEN.get(3));
    assertThat(page.getBoolean("more")).isTrue();
    assertThat(ids(last)).containsExactly(SEVEN.get(5), SEVEN.get(6));
    assertThat(last.getBoolean("more")).isFalse();
    assertThat(ids(exact)).containsExactly(SEVEN.get(5), SEVEN.get(6));
    assertThat(exact.getBoolean("more")).as("nothing newer than the last message").isFalse();
    assertThat(ids(none)).isEmpty();
    assertThat(none.getBoolean("more")).isFalse();
  }

  @Test
  @DisplayName("limit defaults to 50")
  void limitDefaultsTo50() {
    JsonObject history = reader(sixty).history(historyFrame(sixty));

    assertThat(ids(history)).containsExactlyElementsOf(SIXTY.subList(10, 60));
    assertThat(history.getBoolean("more")).isTrue();
  }

  @Test
  @DisplayName("limit 1 and limit 200 are in range")
  void limitBoundsAreAccepted() {
    ChatClient reader = reader(sixty);

    JsonObject one = reader.history(query(sixty, null, null, 1));
    JsonObject max = reader.history(query(sixty, null, null, 200));

    assertThat(ids(one)).containsExactly(SIXTY.get(59));
    assertThat(one.getBoolean("more")).isTrue();
    assertThat(ids(max)).containsExactlyElementsOf(SIXTY);
    assertThat(max.getBoolean("more")).isFalse();
  }

  @Test
  @DisplayName("a room without messages: empty messages, more false")
  void emptyRoom() {
    String room = TestGateway.room("empty");

    JsonObject history = reader(room).history(historyFrame(room));

    assertThat(ids(history)).isEmpty();
    assertThat(history.getBoolean("more")).isFalse();
  }

  static List<Object> badLimits() {
    return List.of(0, 201, -1, 1.5, "10", true);
  }

  @ParameterizedTest(name = "limit {0}")
  @MethodSource("badLimits")
  @DisplayName("limit outside 1–200 or not a whole number -> bad_request (ref history); the connection stays open")
  void badLimitIsABadRequest(Object limit) {
    ChatClient reader = reader(seven);

    JsonObject answer = reader.history(historyFrame(seven).put("limit", limit));

    assertError(answer, "bad_request", "history");
    reader.ping();
  }

  @Test
  @DisplayName("before and after together -> bad_request (ref history)")
  void beforeAndAfterTogetherIsABadRequest() {
    ChatClient reader = reader(seven);

    JsonObject answer = reader.history(historyFrame(seven).put("before", SEVEN.get(5)).put("after", SEVEN.get(1)));

    assertError(answer, "bad_request", "history");
  }

  @Test
  @DisplayName("before that is not a message id (a number) -> bad_request (ref history)")
  void beforeOfTheWrongTypeIsABadRequest() {
    ChatClient reader = reader(seven);

    assertError(reader.history(historyFrame(seven).put("before", 5)), "bad_request", "history");
    assertError(reader.history(historyFrame(seven).put("after", true)), "bad_request", "history");
  }

  @Test
  @DisplayName("history for a room the connection has not joined -> not_member (ref history)")
  void historyOfARoomNotJoinedIsNotMember() {
    ChatClient reader = reader(seven);

    assertError(reader.history(historyFrame(sixty)), "not_member", "history");
    reader.ping();
  }
}
