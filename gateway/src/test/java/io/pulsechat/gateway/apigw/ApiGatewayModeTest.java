package io.pulsechat.gateway.apigw;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.Gateway;
import io.pulsechat.gateway.GatewayConfig;
import io.pulsechat.gateway.aws.FakeAwsEndpoint;
import io.pulsechat.gateway.aws.FakeAwsEndpoint.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real gateway in API Gateway mode on port 0: frames are POSTed to /apigw/messages as API
 * Gateway's $default route does, and a local stand-in for the management API records the
 * SigV4-signed PostToConnection calls and answers 200, 410 or 429.
 */
class ApiGatewayModeTest {
  private static final String JSON = "application/json";

  @TempDir
  Path tmp;
  private Vertx vertx;
  private FakeAwsEndpoint management;
  private Gateway gateway;
  private HttpClient http;
  private final Set<String> goneIds = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> throttleFirst = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws Exception {
    System.setProperty("aws.accessKeyId", FakeAwsEndpoint.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", "test-secret");
    vertx = Vertx.vertx();
    management = FakeAwsEndpoint.start(vertx, req -> {
      String id = connectionId(req.path());
      if (goneIds.contains(id)) {
        return Future.succeededFuture(new Reply(410, JSON, "{\"message\":\"Gone\"}", "GoneException"));
      }
      AtomicInteger throttles = throttleFirst.get(id);
      if (throttles != null && throttles.getAndDecrement() > 0) {
        return Future.succeededFuture(new Reply(429, JSON, "{\"message\":\"Rate exceeded\"}", "LimitExceededException"));
      }
      return Future.succeededFuture(Reply.ok(JSON, ""));
    });
    gateway = await(Gateway.start(vertx, GatewayConfig.from(Map.of("PORT", "0", "MANAGEMENT_PORT", "0", "HOST", "127.0.0.1",
        "DATA_DIR", tmp.toString(), "CHAT_EVENT_LOOPS", "1", "CHAT_ROOM_SHARDS", "1",
        "CHAT_FRONT_DOOR", "ApiGateway", "CHAT_APIGW_ENDPOINT", management.uri() + "/prod",
        "CHAT_FLAGS_PER_ADDRESS_PER_MINUTE", "3"))));
    http = vertx.createHttpClient();
  }

  @AfterEach
  void stop() throws Exception {
    await(gateway.stop());
    management.close();
    await(vertx.close());
  }

  @Test
  void answersTheSenderInTheResponseAndFansOutThroughPostToConnection() throws Exception {
    assertThat(frame("alice-1", join("lobby", "alice")).getString("type")).isEqualTo("joined");
    JsonObject bobJoined = frame("bob-1", join("lobby", "bob"));
    assertThat(bobJoined.getJsonArray("members").getList()).containsExactly("alice", "bob");
    waitUntil(() -> posted("alice-1").stream().anyMatch(f -> "presence".equals(f.getString("type"))));

    throttleFirst.put("bob-1", new AtomicInteger(2)); // bob's next two posts get 429, then succeed
    JsonObject ack = frame("alice-1", new JsonObject().put("type", "send").put("room", "lobby")
        .put("text", "hello").put("clientMsgId", "m1"));
    assertThat(ack.getString("type")).isEqualTo("ack");
    waitUntil(() -> posted("bob-1").stream().anyMatch(f -> "hello".equals(f.getString("text"))));
    waitUntil(() -> posted("alice-1").stream().anyMatch(f -> "hello".equals(f.getString("text"))));

    FakeAwsEndpoint.Request post = management.requests().get(0);
    assertThat(post.method()).isEqualTo("POST");
    assertThat(URLDecoder.decode(post.path(), StandardCharsets.UTF_8)).startsWith("/prod/@connections/");
    assertThat(post.headers().get("Authorization")).matches(FakeAwsEndpoint.sigV4("execute-api"));
    assertThat(frame("alice-1", new JsonObject().put("type", "ping")).getString("type")).isEqualTo("pong");
    assertThat(frame("nobody-1", new JsonObject().put("type", "send").put("room", "lobby").put("text", "x")
        .put("clientMsgId", "n1")).getString("code")).isEqualTo("not_member");
    assertThat(frame("alice-1", "not json").getString("code")).isEqualTo("bad_request");
  }

  @Test
  void aGoneConnectionLeavesItsRoomsAndTheSenderStays() throws Exception {
    frame("alice-1", join("lobby", "alice"));
    frame("carol-1", join("lobby", "carol"));
    goneIds.add("carol-1");

    JsonObject ack = frame("alice-1", new JsonObject().put("type", "send").put("room", "lobby")
        .put("text", "anyone?").put("clientMsgId", "m1"));
    assertThat(ack.getString("type")).isEqualTo("ack");
    // carol's 410 drops carol, not alice: alice is told carol went offline and can still send.
    waitUntil(() -> posted("alice-1").stream().anyMatch(f -> "presence".equals(f.getString("type"))
        && "carol".equals(f.getString("user")) && "offline".equals(f.getString("status"))));
    int carolPosts = posted("carol-1").size();
    assertThat(frame("alice-1", new JsonObject().put("type", "send").put("room", "lobby")
        .put("text", "still here").put("clientMsgId", "m2")).getString("type")).isEqualTo("ack");
    waitUntil(() -> posted("alice-1").stream().anyMatch(f -> "still here".equals(f.getString("text"))));
    assertThat(posted("carol-1")).hasSize(carolPosts);
  }

  @Test
  void aFlagThroughApiGatewayIsStoredUnderTheClientsAddress() throws Exception {
    // As the stack's integration does, every frame of the connection carries its client's address.
    Map<String, String> address = Map.of(ApiGatewayRoute.SOURCE_IP_HEADER, "203.0.113.7");
    frame("alice-1", address, join("lobby", "alice"));
    String id = sendAndAck("alice-1", "what a lovely day");
    JsonObject flagged = frame("alice-1", address, flag("lobby", id, "negative"));
    assertThat(flagged.getString("type")).isEqualTo("flagged");
    assertThat(flagged.getString("label")).isEqualTo("negative");
    assertThat(feedback()).contains("\"text\":\"what a lovely day\"").contains("\"label\":\"negative\"");
  }

  @Test
  void aCrowdOfConnectionsFromOneAddressSharesOneFlagAllowance() throws Exception {
    // Throwaway connections and names must not multiply what one address may steer retraining with.
    Map<String, String> sameAddress = Map.of(ApiGatewayRoute.SOURCE_IP_HEADER, "198.51.100.9");
    frame("alice-1", sameAddress, join("lobby", "alice"));
    String id = sendAndAck("alice-1", "fine");
    for (int i = 0; i < 3; i++) {
      String connection = "sock-" + i;
      frame(connection, sameAddress, join("lobby", "puppet" + i));
      assertThat(frame(connection, sameAddress, flag("lobby", id, "negative")).getString("type")).isEqualTo("flagged");
    }
    assertThat(frame("sock-3", sameAddress, join("lobby", "puppet3")).getString("type")).isEqualTo("joined");
    JsonObject limited = frame("sock-3", sameAddress, flag("lobby", id, "negative"));
    assertThat(limited.getString("code")).isEqualTo("rate_limited");
    Map<String, String> otherAddress = Map.of(ApiGatewayRoute.SOURCE_IP_HEADER, "192.0.2.1");
    assertThat(frame("other-1", otherAddress, join("lobby", "bob")).getString("type")).isEqualTo("joined");
    assertThat(frame("other-1", otherAddress, flag("lobby", id, "positive")).getString("type"))
        .as("another address has its own allowance").isEqualTo("flagged");
  }

  @Test
  void aFlagWithoutTheClientsAddressIsRefusedNotCountedAgainstAnyone() throws Exception {
    // Without the address no bound over connections holds, so nothing is taken; a forged value counts as none.
    frame("alice-1", join("lobby", "alice"));
    String id = sendAndAck("alice-1", "ok then");
    assertThat(frame("alice-1", flag("lobby", id, "neutral")).getString("code")).isEqualTo("bad_request");
    Map<String, String> forged = Map.of(ApiGatewayRoute.SOURCE_IP_HEADER, "1.2.3.4, 5.6.7.8");
    frame("mallory-1", forged, join("lobby", "mallory"));
    assertThat(frame("mallory-1", forged, flag("lobby", id, "neutral")).getString("code")).isEqualTo("bad_request");
    assertThat(feedback()).isEmpty();
  }

  private String sendAndAck(String connectionId, String text) throws Exception {
    JsonObject ack = frame(connectionId, new JsonObject().put("type", "send").put("room", "lobby").put("text", text)
        .put("clientMsgId", "c-" + text.hashCode()));
    assertThat(ack.getString("type")).isEqualTo("ack");
    return ack.getString("id");
  }

  private static JsonObject flag(String room, String id, String label) {
    return new JsonObject().put("type", "flag").put("room", room).put("id", id).put("label", label);
  }

  private String feedback() throws Exception {
    return await(http.request(HttpMethod.GET, gateway.managementPort(), "127.0.0.1", "/api/feedback.jsonl")
        .compose(req -> req.send().compose(r -> r.body())))
        .toString();
  }

  @Test
  void refusesAFrameWithoutAConnectionId() throws Exception {
    var response = await(http.request(HttpMethod.POST, gateway.port(), "127.0.0.1", ApiGatewayRoute.PATH)
        .compose(req -> req.send("{\"type\":\"ping\"}")));
    assertThat(response.statusCode()).isEqualTo(400);
  }

  private JsonObject frame(String connectionId, Object body) throws Exception {
    return ApiGatewayCalls.frame(http, gateway.port(), connectionId, body);
  }

  private JsonObject frame(String connectionId, Map<String, String> headers, Object body) throws Exception {
    return ApiGatewayCalls.frame(http, gateway.port(), connectionId, headers, body);
  }

  private List<JsonObject> posted(String connectionId) {
    return ApiGatewayCalls.posted(management, connectionId);
  }

  private static String connectionId(String path) {
    return ApiGatewayCalls.connectionId(path);
  }

  private static JsonObject join(String room, String user) {
    return ApiGatewayCalls.join(room, user);
  }

  private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    ApiGatewayCalls.waitUntil(condition, Duration.ofSeconds(10));
  }

  private static <T> T await(Future<T> f) throws Exception {
    return ApiGatewayCalls.await(f, Duration.ofSeconds(30));
  }
}
