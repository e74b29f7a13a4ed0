package io.pulsechat.gateway.apigw;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.Gateway;
import io.pulsechat.gateway.GatewayConfig;
import io.pulsechat.gateway.aws.FakeAwsEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With AUTH_APIGW_SECRET set, only a caller that sends it (API Gateway's integration) may post
 * frames to /apigw/messages: anyone else reaching the port cannot speak for a connection.
 */
class ForgedApiGatewayPostIsRefusedIT {
  private static final String SECRET = "integration-secret-0123456789";
  private Vertx vertx;
  private FakeAwsEndpoint management;
  private Gateway gateway;
  private HttpClient http;

  @BeforeEach
  void start() throws Exception {
    System.setProperty("aws.accessKeyId", FakeAwsEndpoint.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", "test-secret");
    vertx = Vertx.vertx();
    management = FakeAwsEndpoint.start(vertx, req -> Future.succeededFuture(FakeAwsEndpoint.Reply.ok("application/json", "")));
    Path data = Files.createTempDirectory("pulsechat-apigw-secret-");
    gateway = await(Gateway.start(vertx, GatewayConfig.from(Map.of("PORT", "0", "MANAGEMENT_PORT", "0",
        "HOST", "127.0.0.1", "DATA_DIR", data.toString(), "CHAT_EVENT_LOOPS", "1", "CHAT_ROOM_SHARDS", "1",
        "CHAT_FRONT_DOOR", "ApiGateway", "CHAT_APIGW_ENDPOINT", management.uri() + "/prod",
        "AUTH_APIGW_SECRET", SECRET))));
    http = vertx.createHttpClient();
  }

  @AfterEach
  void stop() throws Exception {
    await(gateway.stop());
    management.close();
    await(vertx.close());
  }

  private int post(String secret) throws Exception {
    return await(http.request(HttpMethod.POST, gateway.port(), "127.0.0.1", ApiGatewayRoute.PATH)
        .compose(req -> {
          req.putHeader("ConnectionId", "alice-1");
          if (secret != null) {
            req.putHeader(ApiGatewayRoute.SECRET_HEADER, secret);
          }
          return req.send("{\"type\":\"ping\"}");
        })).statusCode();
  }

  @Test
  void aPostWithoutTheSecretIsRefused() throws Exception {
    assertThat(post(null)).isEqualTo(403);
  }

  @Test
  void aPostWithAGuessedSecretIsRefused() throws Exception {
    assertThat(post("integration-secret-012345678")).isEqualTo(403);
    assertThat(post(SECRET + "0")).isEqualTo(403);
  }

  @Test
  void theIntegrationsPostIsServed() throws Exception {
    assertThat(post(SECRET)).isEqualTo(200);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
