package io.pulsechat.gateway.apigw;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.aws.FakeAwsEndpoint;
import io.pulsechat.gateway.cluster.GatewayFleet;
import io.pulsechat.gateway.cluster.GatewayProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A fleet behind API Gateway whose node dies with SIGKILL while its connections keep sending:
 * each connection it was home to is closed at API Gateway (DeleteConnection) by the survivor,
 * whether the departure or one of the connection's own frames reaches the survivor first, and no
 * frame of such a connection is ever served by a fresh session in no room (a client that only
 * reads would then never learn that it receives nothing).
 */
class ApiGatewayHomeDiesIT {
  private static final int CONNECTIONS = 20;
  private static final Duration SETTLE = Duration.ofSeconds(60);

  private Vertx vertx;
  private FakeAwsEndpoint management;
  private GatewayFleet fleet;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    management = FakeAwsEndpoint.start(vertx, req -> Future.succeededFuture(FakeAwsEndpoint.Reply.ok("application/json", "")));
    fleet = GatewayFleet.clustered(2, Map.of("CHAT_FRONT_DOOR", "ApiGateway",
        "CHAT_APIGW_ENDPOINT", management.uri() + "/prod", "AWS_REGION", "us-east-1",
        "AWS_ACCESS_KEY_ID", FakeAwsEndpoint.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", "test-secret",
        "CHAT_RATE_PER_SECOND", "1000", "CHAT_RATE_BURST", "1000"));
  }

  @AfterEach
  void stop() throws Exception {
    if (fleet != null) {
      fleet.close();
    }
    management.close();
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  @Test
  void everyConnectionOfADeadHomeIsClosedAndNeverServedWithoutItsRooms() throws Exception {
    GatewayProcess home = fleet.node(0);
    GatewayProcess survivor = fleet.node(1);
    String room = "home-dies";
    List<String> connections = new ArrayList<>();
    for (int i = 0; i < CONNECTIONS; i++) {
      String connection = "conn-" + i;
      connections.add(connection);
      JsonObject answer = post(home, connection, ApiGatewayCalls.join(room, "user" + i));
      if (!"joined".equals(answer.getString("type"))) {
        // later than the response may wait: it came through PostToConnection
        ApiGatewayCalls.waitUntil(() -> ApiGatewayCalls.posted(management, connection).stream()
            .anyMatch(f -> "joined".equals(f.getString("type"))), Duration.ofSeconds(30));
      }
    }

    fleet.kill(home);
    // API Gateway keeps posting each connection's frames, now to the survivor, until it is closed.
    Set<String> roomless = new TreeSet<>();
    long deadline = System.nanoTime() + SETTLE.toNanos();
    int round = 0;
    while (!closed(connections).containsAll(connections) && System.nanoTime() < deadline) {
      round++;
      for (String connection : connections) {
        if (closed(List.of(connection)).isEmpty()) {
          JsonObject answer = post(survivor, connection, new JsonObject().put("type", "send").put("room", room)
              .put("text", "after the kill " + round).put("clientMsgId", connection + "-" + round));
          if ("not_member".equals(answer.getString("code"))) {
            roomless.add(connection);
          }
        }
      }
    }
    assertThat(roomless).as("connections served by a session in no room after their home died").isEmpty();
    assertThat(closed(connections)).as("connections closed at API Gateway").containsAll(connections);
  }

  /** The connections among {@code ids} that got a DeleteConnection. */
  private Set<String> closed(List<String> ids) {
    return management.requests().stream().filter(r -> "DELETE".equals(r.method()))
        .map(r -> ApiGatewayCalls.connectionId(r.path())).filter(ids::contains).collect(Collectors.toSet());
  }

  /** One frame as API Gateway's integration posts it, and the answer (none on a 5xx, as a dead home's frames get). */
  private JsonObject post(GatewayProcess node, String connectionId, JsonObject frame) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + node.port() + ApiGatewayRoute.PATH))
        .header("ConnectionId", connectionId).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(frame.encode())).build(),
        HttpResponse.BodyHandlers.ofString());
    String body = response.body();
    return response.statusCode() == 200 && !body.isEmpty() ? new JsonObject(body) : new JsonObject();
  }
}
