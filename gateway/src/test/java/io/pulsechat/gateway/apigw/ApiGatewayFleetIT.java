package io.pulsechat.gateway.apigw;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.Gateway;
import io.pulsechat.gateway.GatewayConfig;
import io.pulsechat.gateway.aws.FakeAwsEndpoint;
import io.pulsechat.gateway.store.LocalDynamoDb;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clustered gateways in API Gateway mode, sharing one DynamoDB Local: API Gateway may post
 * a connection's frames to either, as its NLB does, and the connection still behaves as one
 * session: the frames go on to its home gateway, and rooms reach members on both.
 */
class ApiGatewayFleetIT {
  private static final String JSON = "application/json";

  @TempDir
  Path tmp;
  private Vertx vertx;
  private LocalDynamoDb dynamoDb;
  private FakeAwsEndpoint management;
  private Gateway first;
  private Gateway second;
  private HttpClient http;

  @BeforeEach
  void start() throws Exception {
    System.setProperty("aws.accessKeyId", FakeAwsEndpoint.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", "test-secret");
    vertx = Vertx.vertx();
    dynamoDb = LocalDynamoDb.start();
    management = FakeAwsEndpoint.start(vertx, req -> Future.succeededFuture(FakeAwsEndpoint.Reply.ok(JSON, "")));
    String cluster = "apigw-" + UUID.randomUUID();
    int[] ports = {freePort(), freePort()};
    String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
    first = await(Gateway.start(config(cluster, ports[0], members, "a")));
    second = await(Gateway.start(config(cluster, ports[1], members, "b")));
    http = vertx.createHttpClient();
  }

  private GatewayConfig config(String cluster, int clusterPort, String members, String name) {
    Map<String, String> env = new HashMap<>(Map.of("PORT", "0", "MANAGEMENT_PORT", "0", "HOST", "127.0.0.1",
        "DATA_DIR", tmp.resolve(name).toString(), "DYNAMODB_ENDPOINT", dynamoDb.endpoint().toString(),
        "AWS_REGION", "us-east-1", "CHAT_FRONT_DOOR", "ApiGateway", "CHAT_APIGW_ENDPOINT", management.uri() + "/prod"));
    env.putAll(Map.of("CLUSTER_ENABLED", "true", "CLUSTER_NAME", cluster, "CLUSTER_PORT", Integer.toString(clusterPort),
        "CLUSTER_MEMBERS", members));
    return GatewayConfig.from(env);
  }

  @AfterEach
  void stop() throws Exception {
    for (Gateway g : new Gateway[] {second, first}) {
      if (g != null) {
        await(g.stop());
      }
    }
    management.close();
    dynamoDb.close();
    await(vertx.close());
  }

  @Test
  void aConnectionsFramesReachItsHomeWhicheverGatewayTheyArriveAt() throws Exception {
    waitUntil(() -> first.fleet().orElseThrow().nodes().size() == 2);
    assertThat(frame(first, "alice-1", join("lobby", "alice")).getString("type")).isEqualTo("joined");
    JsonObject bobJoined = frame(second, "bob-1", join("lobby", "bob"));
    assertThat(bobJoined.getJsonArray("members").getList()).as("members on both gateways")
        .containsExactly("alice", "bob");

    // alice's send arrives at the gateway that is not her home: it still finds her session.
    JsonObject ack = frame(second, "alice-1", new JsonObject().put("type", "send").put("room", "lobby")
        .put("text", "hello").put("clientMsgId", "m1"));
    assertThat(ack.getString("type")).isEqualTo("ack");
    waitUntil(() -> posted("bob-1").stream().anyMatch(f -> "hello".equals(f.getString("text"))));
    waitUntil(() -> posted("alice-1").stream().anyMatch(f -> "hello".equals(f.getString("text"))));
    assertThat(posted("bob-1").stream().filter(f -> "hello".equals(f.getString("text")))).hasSize(1);

    // and her rate bucket and rooms stay one: a resend through the other gateway is the same message.
    JsonObject again = frame(first, "alice-1", new JsonObject().put("type", "send").put("room", "lobby")
        .put("text", "hello").put("clientMsgId", "m1"));
    assertThat(again.getString("id")).isEqualTo(ack.getString("id"));
    assertThat(frame(first, "bob-1", new JsonObject().put("type", "ping")).getString("type")).isEqualTo("pong");
  }

  private JsonObject frame(Gateway gateway, String connectionId, Object body) throws Exception {
    return ApiGatewayCalls.frame(http, gateway.port(), connectionId, body);
  }

  private List<JsonObject> posted(String connectionId) {
    return ApiGatewayCalls.posted(management, connectionId);
  }

  private static JsonObject join(String room, String user) {
    return ApiGatewayCalls.join(room, user);
  }

  private static int freePort() throws Exception {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    ApiGatewayCalls.waitUntil(condition, Duration.ofSeconds(20));
  }

  private static <T> T await(Future<T> f) throws Exception {
    return ApiGatewayCalls.await(f, Duration.ofSeconds(60));
  }
}
