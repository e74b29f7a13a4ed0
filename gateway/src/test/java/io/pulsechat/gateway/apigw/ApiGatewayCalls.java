package io.pulsechat.gateway.apigw;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.aws.FakeAwsEndpoint;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** What API Gateway does to a gateway in the tests: posts a connection's frames, and records what comes back. */
final class ApiGatewayCalls {
  private ApiGatewayCalls() {
  }

  /** POSTs one client frame as API Gateway's $default route does; the answer in the response, or an empty object. */
  static JsonObject frame(HttpClient http, int port, String connectionId, Object body) throws Exception {
    return frame(http, port, connectionId, Map.of(), body);
  }

  /** The same, with the integration's other headers ({@code X-PulseChat-Source-Ip}, ...). */
  static JsonObject frame(HttpClient http, int port, String connectionId, Map<String, String> headers, Object body)
      throws Exception {
    var response = await(http.request(HttpMethod.POST, port, "127.0.0.1", ApiGatewayRoute.PATH)
        .compose(req -> {
          headers.forEach(req::putHeader);
          return req.putHeader("ConnectionId", connectionId).send(body.toString())
              .compose(r -> r.body().map(b -> Map.entry(r.statusCode(), b)));
        }), Duration.ofSeconds(30));
    assertThat(response.getKey()).isEqualTo(200);
    Buffer b = response.getValue();
    return b.length() == 0 ? new JsonObject() : new JsonObject(b);
  }

  /** The frames PostToConnection carried to one connection, in order. */
  static List<JsonObject> posted(FakeAwsEndpoint management, String connectionId) {
    return management.requests().stream().filter(r -> connectionId.equals(connectionId(r.path())))
        .map(r -> new JsonObject(r.body())).toList();
  }

  static String connectionId(String path) {
    String decoded = URLDecoder.decode(path, StandardCharsets.UTF_8);
    return decoded.substring(decoded.lastIndexOf('/') + 1);
  }

  static JsonObject join(String room, String user) {
    return new JsonObject().put("type", "join").put("room", room).put("user", user);
  }

  static void waitUntil(BooleanSupplier condition, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).as("condition within " + limit.toSeconds() + " s").isTrue();
  }

  static <T> T await(Future<T> f, Duration limit) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
  }
}
