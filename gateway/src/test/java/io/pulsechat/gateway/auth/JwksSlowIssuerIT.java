package io.pulsechat.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An issuer slow to answer the gateway's first fetch of its key set: a token that arrives while
 * that fetch runs waits for it instead of being refused for a key id the gateway has not seen yet.
 */
@DisplayName("a token that arrives while the key set is being fetched")
class JwksSlowIssuerIT {
  private static final long ANSWER_AFTER_MS = 2_000;
  private static final Vertx vertx = Vertx.vertx();
  private static final AtomicInteger fetches = new AtomicInteger();
  private static final AtomicBoolean answered = new AtomicBoolean();
  private static HttpServer keySet;
  private static TestGateway gateway;
  private static KeyPair rsa;

  @BeforeAll
  static void start() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    rsa = generator.generateKeyPair();
    String body = new JsonObject().put("keys", new JsonArray().add(JwksIT.rsaJwk("rsa-1", rsa))).encode();
    keySet = TestGateway.await(vertx.createHttpServer().requestHandler(req -> {
      fetches.incrementAndGet();
      vertx.setTimer(ANSWER_AFTER_MS, t -> {
        answered.set(true);
        req.response().putHeader("content-type", "application/json").end(body);
      });
    }).listen(0, "127.0.0.1"), Duration.ofSeconds(10));
    gateway = TestGateway.start(Map.of("AUTH_MODE", "token",
        "AUTH_JWKS_URL", "http://127.0.0.1:" + keySet.actualPort() + "/.well-known/jwks.json",
        "AUTH_JWKS_MIN_REFRESH_S", "60"));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    TestGateway.await(vertx.close(), Duration.ofSeconds(10));
  }

  @Test
  @DisplayName("joins once the start-up fetch answers, and that fetch is the only one")
  void aTokenDuringTheFirstFetchWaitsForIt() {
    String token = JwksIT.token("RS256", rsa, "rsa-1", "alice");
    assertThat(answered).as("the start-up fetch is still running").isFalse();

    ChatClient alice = TestGateway.await(gateway.tryConnect("/ws?token=" + token, null), TestGateway.TIMEOUT);

    assertThat(alice.join(TestGateway.room("slow"), "alice").getString("user")).isEqualTo("alice");
    assertThat(fetches.get()).isEqualTo(1);
  }
}
