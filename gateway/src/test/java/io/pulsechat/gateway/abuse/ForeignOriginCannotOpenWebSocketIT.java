package io.pulsechat.gateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.TestGateway;
import java.net.Socket;
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
 * The attacks a browser carries out for a hostile page: a page of another site opening a
 * WebSocket in its visitor's name (cross-site WebSocket hijacking) or reading the API, framing
 * the client, or smuggling script into it. The handshake from a foreign Origin is refused with
 * 403 and no upgrade, CORS answers only allowed origins, every answer carries the
 * Content-Security-Policy and its companions, and meters and flags are not on the public port.
 */
class ForeignOriginCannotOpenWebSocketIT {
  private static final String ALLOWED = "https://chat.example.com";
  private static TestGateway gateway;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(Map.of("CHAT_EVENT_LOOPS", "1", "CHAT_ROOM_SHARDS", "1",
        "CHAT_ALLOWED_ORIGINS", ALLOWED));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void foreignOriginCannotOpenWebSocket() throws Exception {
    try (Socket s = RawHttp.open(gateway.port(), Duration.ofSeconds(5))) {
      assertThat(RawHttp.upgradeOn(s, gateway.port(), "https://evil.example")).startsWith("HTTP/1.1 403");
    }
    try (Socket s = RawHttp.open(gateway.port(), Duration.ofSeconds(5))) {
      assertThat(RawHttp.upgradeOn(s, gateway.port(), "null")).startsWith("HTTP/1.1 403");
    }
    // The configured origin, the gateway's own, and clients that are no web page (no Origin) get in.
    for (String origin : new String[] {ALLOWED, "http://127.0.0.1:" + gateway.port(), null}) {
      try (Socket s = RawHttp.open(gateway.port(), Duration.ofSeconds(5))) {
        assertThat(RawHttp.upgradeOn(s, gateway.port(), origin)).as(String.valueOf(origin))
            .startsWith("HTTP/1.1 101");
      }
    }
    assertThat(gateway.metrics())
        .containsPattern("pulsechat_http_refused_total\\{reason=\"foreign_origin\"} [1-9]");
  }

  @Test
  void corsAnswersOnlyAllowedOrigins() throws Exception {
    HttpResponse<String> foreign = get("/api/rooms", "https://evil.example");
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(foreign.headers().firstValue("access-control-allow-origin")).isEmpty();
    HttpResponse<String> allowed = get("/api/rooms", ALLOWED);
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.headers().firstValue("access-control-allow-origin")).hasValue(ALLOWED);
  }

  @Test
  void everyPageCarriesTheSecurityHeaders() throws Exception {
    for (String path : new String[] {"/", "/js/main.js", "/app.css", "/api/rooms"}) {
      HttpResponse<String> r = get(path, null);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.headers().firstValue("content-security-policy")).as(path).get().asString()
          .contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
      assertThat(r.headers().firstValue("x-content-type-options")).as(path).hasValue("nosniff");
      assertThat(r.headers().firstValue("referrer-policy")).as(path).isPresent();
    }
    // No inline script for the policy to refuse: every script of the page has a src.
    assertThat(get("/", null).body()).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>")
        .doesNotContain("<style").doesNotContainPattern("\\son[a-z]+=");
  }

  @Test
  void metricsAreNotOnThePublicPort() throws Exception {
    assertThat(get("/metrics", null).statusCode()).isEqualTo(404);
    assertThat(get("/api/feedback.jsonl", null).statusCode()).isEqualTo(404);
    assertThat(gateway.management("/metrics").status()).isEqualTo(200);
    assertThat(gateway.management("/api/feedback.jsonl").status()).isEqualTo(200);
  }

  private HttpResponse<String> get(String path, String origin) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
        .timeout(Duration.ofSeconds(10));
    if (origin != null) {
      b.header("Origin", origin);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
