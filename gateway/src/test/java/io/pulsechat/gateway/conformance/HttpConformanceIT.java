package io.pulsechat.gateway.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.Shapes;
import io.pulsechat.gateway.testing.TestGateway;
import io.pulsechat.gateway.testing.TestGateway.HttpResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The "HTTP" table of PROTOCOL.md. */
@DisplayName("HTTP")
class HttpConformanceIT {
  private static TestGateway gateway;
  /** A room with 5 messages; FIVE holds their ids in the order they were sent. */
  private static String five;
  private static final List<String> FIVE = new ArrayList<>();

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(Map.of());
    five = TestGateway.room("http-five");
    ChatClient writer = gateway.join(five, "writer");
    String[] texts = {"I love this, great work", "terrible, awful, I hate it", "ok", "wonderful news", "fine"};
    for (int i = 0; i < texts.length; i++) {
      FIVE.add(writer.say(five, texts[i], "h-" + i).getString("id"));
    }
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static JsonObject okJson(String path) {
    HttpResult r = gateway.get(path);
    assertThat(r.status()).as("status of GET %s: %s", path, r.body()).isEqualTo(200);
    assertThat(r.contentType()).as("content type of GET %s", path).startsWith("application/json");
    return r.json();
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("id")).toList();
  }

  @Test
  @DisplayName("GET / -> the browser client from public/ (HTML)")
  void rootServesTheBrowserClient() throws IOException {
    HttpResult r = gateway.get("/");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/html");
    assertThat(r.body()).isEqualTo(Files.readString(Path.of("..", "public", "index.html")));
  }

  @Test
  @DisplayName("GET /api/rooms -> {rooms: [{room, count, members (sorted), mood}]}: rooms with members online")
  void roomsListsRoomsWithMembersOnline() {
    String room = TestGateway.room("http-rooms");
    gateway.join(room, "zed");
    gateway.join(room, "amy");
    gateway.join(room, "kim");
    String empty = TestGateway.room("http-gone");
    ChatClient gone = gateway.join(empty, "gone");
    gone.send(new JsonObject().put("type", "leave").put("room", empty));
    gone.await("left");

    JsonArray rooms = okJson("/api/rooms").getJsonArray("rooms");

    JsonObject entry = rooms.stream().map(JsonObject.class::cast).filter(r -> room.equals(r.getString("room")))
        .findFirst().orElseThrow(() -> new AssertionError(room + " missing from " + rooms.encode()));
    assertThat(entry.getInteger("count")).isEqualTo(3);
    assertThat(entry.getJsonArray("members").getList()).containsExactly("amy", "kim", "zed");
    Shapes.assertMood(entry.getValue("mood"));
    assertThat(rooms.stream().map(r -> ((JsonObject) r).getString("room"))).as("rooms without members online")
        .doesNotContain(empty);
    for (Object r : rooms) {
      assertThat(ChatClient.nullFields((JsonObject) r)).isEmpty();
    }
  }

  @Test
  @DisplayName("GET /api/rooms/{room}/messages -> {room, messages, more}, as the history frame (default: latest 50)")
  void messagesLikeTheHistoryFrame() {
    JsonObject page = okJson("/api/rooms/" + five + "/messages");

    assertThat(page.fieldNames()).containsExactlyInAnyOrder("room", "messages", "more");
    assertThat(page.getString("room")).isEqualTo(five);
    assertThat(ids(page)).containsExactlyElementsOf(FIVE);
    assertThat(page.getBoolean("more")).isFalse();
    JsonObject first = page.getJsonArray("messages").getJsonObject(0);
    assertThat(first.getString("text")).isEqualTo("I love this, great work");
    assertThat(first.getString("user")).isEqualTo("writer");
    assertThat(first.getString("clientMsgId")).isEqualTo("h-0");
    Shapes.assertSentiment(first.getValue("sentiment"));
    assertThat(ChatClient.nullFields(page)).isEmpty();
  }

  @Test
  @DisplayName("GET /api/rooms/{room}/messages?limit=&before=&after= -> same semantics as history")
  void messagesBeforeAfterLimit() {
    JsonObject latest = okJson("/api/rooms/" + five + "/messages?limit=2");
    JsonObject before = okJson("/api/rooms/" + five + "/messages?before=" + FIVE.get(3) + "&limit=2");
    JsonObject beforeAll = okJson("/api/rooms/" + five + "/messages?before=" + FIVE.get(2) + "&limit=5");
    JsonObject after = okJson("/api/rooms/" + five + "/messages?after=" + FIVE.get(0) + "&limit=2");
    JsonObject afterAll = okJson("/api/rooms/" + five + "/messages?after=" + FIVE.get(2));

    assertThat(ids(latest)).containsExactly(FIVE.get(3), FIVE.get(4));
    assertThat(latest.getBoolean("more")).isTrue();
    assertThat(ids(before)).containsExactly(FIVE.get(1), FIVE.get(2));
    assertThat(before.getBoolean("more")).isTrue();
    assertThat(ids(beforeAll)).containsExactly(FIVE.get(0), FIVE.get(1));
    assertThat(beforeAll.getBoolean("more")).isFalse();
    assertThat(ids(after)).containsExactly(FIVE.get(1), FIVE.get(2));
    assertThat(after.getBoolean("more")).isTrue();
    assertThat(ids(afterAll)).containsExactly(FIVE.get(3), FIVE.get(4));
    assertThat(afterAll.getBoolean("more")).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"limit=0", "limit=201", "limit=1.5", "limit=ten", "limit=-1", "before=a&after=b"})
  @DisplayName("GET /api/rooms/{room}/messages with bad parameters -> 400 {code, message}")
  void badParametersAre400(String query) {
    String q = query.startsWith("before=") ? "before=" + FIVE.get(3) + "&after=" + FIVE.get(1) : query;

    HttpResult r = gateway.get("/api/rooms/" + five + "/messages?" + q);

    assertThat(r.status()).as("status for ?%s: %s", q, r.body()).isEqualTo(400);
    JsonObject error = r.json();
    assertThat(error.getValue("code")).isInstanceOf(String.class);
    assertThat(error.getValue("message")).isInstanceOf(String.class);
  }

  @Test
  @DisplayName("GET /api/rooms/{room}/messages for a room name outside the naming rules -> 400 {code, message}")
  void badRoomNameIs400() {
    HttpResult r = gateway.get("/api/rooms/caf%C3%A9/messages");

    assertThat(r.status()).as("status: %s", r.body()).isEqualTo(400);
    assertThat(r.json().getValue("code")).isInstanceOf(String.class);
    assertThat(r.json().getValue("message")).isInstanceOf(String.class);
  }

  @Test
  @DisplayName("GET /api/rooms/{room}/mood -> {room, mood, series: [{t (minute start, ms), score, positive, neutral, negative}]}")
  void moodShape() {
    JsonObject mood = okJson("/api/rooms/" + five + "/mood");

    assertThat(mood.getString("room")).isEqualTo(five);
    Shapes.assertMood(mood.getValue("mood"));
    JsonArray series = mood.getJsonArray("series");
    assertThat(series).isNotEmpty();
    long total = 0;
    for (Object o : series) {
      JsonObject bucket = (JsonObject) o;
      assertThat(bucket.fieldNames()).contains("t", "score", "positive", "neutral", "negative");
      assertThat(bucket.getLong("t") % 60_000).as("t is a minute start: %s", bucket).isZero();
      assertThat(bucket.getDouble("score")).isBetween(-1.0, 1.0);
      total += bucket.getLong("positive") + bucket.getLong("neutral") + bucket.getLong("negative");
    }
    assertThat(total).as("messages counted in the series").isEqualTo(5);
  }

  @Test
  @DisplayName("GET /health -> 200 when the gateway can serve")
  void healthIs200WhileServing() {
    assertThat(gateway.get("/health").status()).isEqualTo(200);
  }

  @Test
  @DisplayName("GET /metrics on the management port -> Prometheus text format, with the gateway's pulsechat_ meters")
  void metricsArePrometheusText() {
    HttpResult r = gateway.management("/metrics");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/plain");
    assertThat(r.body()).containsPattern("(?m)^# TYPE pulsechat_\\w+ \\w+$");
    assertThat(r.body()).containsPattern("(?m)^pulsechat_\\w+(\\{[^}]*\\})? [0-9.eE+-]+$");
  }
}
