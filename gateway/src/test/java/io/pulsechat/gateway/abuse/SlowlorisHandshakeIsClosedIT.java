package io.pulsechat.gateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.TestGateway;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The attacks on the clock: connections that drip-feed their upgrade request a byte at a time,
 * connections that send nothing, and kept-alive connections that fall silent after a request.
 * Each used to stay open for as long as the client liked; now each is closed by its timeout
 * and counted, while well-behaved requests are served.
 */
class SlowlorisHandshakeIsClosedIT {
  private static final Duration HANDSHAKE = Duration.ofMillis(1500);
  private static final Duration HTTP_IDLE = Duration.ofMillis(1500);
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(Map.of("CHAT_EVENT_LOOPS", "2", "CHAT_ROOM_SHARDS", "1",
        "CHAT_HANDSHAKE_TIMEOUT_MS", Long.toString(HANDSHAKE.toMillis()),
        "CHAT_HTTP_IDLE_TIMEOUT_MS", Long.toString(HTTP_IDLE.toMillis())));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void slowlorisHandshakeIsClosed() throws Exception {
    byte[] request = RawHttp.upgrade(gateway.port(), null).getBytes(StandardCharsets.ISO_8859_1);
    List<Socket> dripping = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      dripping.add(RawHttp.open(gateway.port(), Duration.ofSeconds(1)));
    }
    long start = System.nanoTime();
    int sent = 0;
    int closed = 0;
    // One byte per socket every 100 ms: the whole request would take over 15 s.
    while (closed < dripping.size() && System.nanoTime() - start < HANDSHAKE.multipliedBy(4).toNanos()) {
      closed = 0;
      for (Socket s : dripping) {
        try {
          s.getOutputStream().write(request[Math.min(sent, request.length - 3)]);
          s.getOutputStream().flush();
          if (s.getInputStream().available() < 0) {
            closed++;
          }
        } catch (java.io.IOException e) {
          closed++;
        }
      }
      sent++;
      Thread.sleep(100);
    }
    for (Socket s : dripping) {
      assertThat(RawHttp.closedByServerWithin(s, HANDSHAKE)).as("a drip-fed upgrade is closed").isTrue();
      s.close();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HANDSHAKE.multipliedBy(5));
    assertThat(sent).as("bytes dripped before the gateway closed them all").isLessThan(request.length - 3);
    assertThat(gateway.get("/health").status()).isEqualTo(200);
    assertThat(gateway.metrics())
        .containsPattern("pulsechat_connections_closed_by_gateway_total\\{reason=\"handshake_timeout\"} [1-9]");
  }

  @Test
  void silentTcpConnectionIsClosed() throws Exception {
    List<Socket> silent = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      silent.add(RawHttp.open(gateway.port(), Duration.ofSeconds(1)));
    }
    for (Socket s : silent) {
      assertThat(RawHttp.closedByServerWithin(s, HANDSHAKE.multipliedBy(3))).as("a silent connection is closed")
          .isTrue();
      s.close();
    }
  }

  @Test
  void keptAliveConnectionThatFallsSilentIsClosed() throws Exception {
    try (Socket s = RawHttp.open(gateway.port(), Duration.ofSeconds(5))) {
      s.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      assertThat(RawHttp.readHead(s.getInputStream())).startsWith("HTTP/1.1 200");
      // Within the idle timeout a second request is served on the same connection.
      Thread.sleep(HTTP_IDLE.toMillis() / 3);
      s.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      String head = RawHttp.readHead(s.getInputStream());
      assertThat(head.substring(head.indexOf("HTTP/1.1", 1))).startsWith("HTTP/1.1 200");
      assertThat(RawHttp.closedByServerWithin(s, HTTP_IDLE.multipliedBy(3))).isTrue();
    }
    assertThat(gateway.metrics())
        .containsPattern("pulsechat_connections_closed_by_gateway_total\\{reason=\"http_idle\"} [1-9]");
  }
}
