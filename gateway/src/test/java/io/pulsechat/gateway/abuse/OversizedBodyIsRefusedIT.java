package io.pulsechat.gateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.apigw.ApiGatewayRoute;
import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The attack: a body far larger than any route takes, sent to {@code POST /apigw/messages}
 * (which had no limit) and to routes that take no body at all. Each is answered 413 with a
 * JSON error, with or without a Content-Length, and counted.
 */
class OversizedBodyIsRefusedIT {
  private static final int LIMIT = 4096;
  private static TestGateway gateway;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() {
    // API Gateway mode mounts /apigw/messages; nothing here ever reaches the management endpoint.
    gateway = TestGateway.start(Map.of("CHAT_EVENT_LOOPS", "1", "CHAT_ROOM_SHARDS", "1",
        "CHAT_FRONT_DOOR", "ApiGateway", "CHAT_APIGW_ENDPOINT", "http://127.0.0.1:9/prod",
        "CHAT_MAX_BODY_BYTES", Integer.toString(LIMIT)));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void anOversizedFrameToTheApiGatewayRouteGets413() throws Exception {
    HttpResponse<String> r = send(ApiGatewayRoute.PATH, "POST",
        HttpRequest.BodyPublishers.ofByteArray(frame(LIMIT * 16)));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(new JsonObject(r.body()).getString("code")).isEqualTo("too_large");
  }

  @Test
  void anOversizedBodyWithoutContentLengthGets413() throws Exception {
    // ofInputStream has no known length: the JDK client sends it chunked.
    HttpResponse<String> r = send(ApiGatewayRoute.PATH, "POST",
        HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(frame(LIMIT * 16))));
    assertThat(r.statusCode()).isEqualTo(413);
  }

  @Test
  void aBodyOnARouteThatTakesNoneIsBoundedToo() throws Exception {
    HttpResponse<String> r = send("/health", "GET", HttpRequest.BodyPublishers.ofByteArray(new byte[LIMIT * 16]));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(gateway.metrics()).containsPattern("pulsechat_http_refused_total\\{reason=\"body_too_large\"} [1-9]");
  }

  @Test
  void aFrameWithinTheLimitIsStillTaken() throws Exception {
    HttpResponse<String> r = send(ApiGatewayRoute.PATH, "POST", HttpRequest.BodyPublishers.ofString(
        new JsonObject().put("type", "ping").encode()));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getString("type")).isEqualTo("pong");
  }

  private HttpResponse<String> send(String path, String method, HttpRequest.BodyPublisher body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
        .timeout(Duration.ofSeconds(10)).header("ConnectionId", "big-1").header("content-type", "application/json")
        .method(method, body).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] frame(int size) {
    String text = "x".repeat(size);
    return new JsonObject().put("type", "send").put("room", "r").put("text", text).encode().getBytes();
  }
}
