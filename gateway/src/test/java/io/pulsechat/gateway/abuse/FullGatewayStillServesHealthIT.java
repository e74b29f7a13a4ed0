package io.pulsechat.gateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.ChatClient;
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
 * The attack: fill the gateway with connections until no descriptor is left; then /health and
 * new connects hung, and a load balancer took the node for dead. The total bound (lowered here
 * instead of exhausting the process's descriptors) keeps the gateway below the descriptor
 * limit: past it a few connections may still ask for /health, the rest are refused at once,
 * and the clients already in keep talking.
 */
class FullGatewayStillServesHealthIT {
  private static final int MAX = 40;
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(Map.of("CHAT_EVENT_LOOPS", "2", "CHAT_ROOM_SHARDS", "1",
        "CHAT_MAX_CONNECTIONS", Integer.toString(MAX)));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void aFullGatewayRefusesQuicklyAndKeepsServingHealthAndItsClients() throws Exception {
    String room = TestGateway.room("full");
    ChatClient alice = gateway.join(room, "alice");
    ChatClient bob = gateway.join(room, "bob");
    List<Socket> flood = new ArrayList<>();
    try {
      // The test's own HTTP client may hold a connection too; fill every place that is left.
      for (int i = 0; i < MAX; i++) {
        flood.add(RawHttp.open(gateway.port(), Duration.ofSeconds(5)));
      }
      // Connections are spread over the event loops; let every loop take its share first.
      Thread.sleep(500);
      // A new upgrade past the bound is refused (503, or closed once the health reserve is used).
      try (Socket s = RawHttp.open(gateway.port(), Duration.ofSeconds(2))) {
        long start = System.nanoTime();
        String head = RawHttp.upgradeOn(s, gateway.port(), null);
        assertThat(head).doesNotStartWith("HTTP/1.1 101");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      }
      // /health is still answered, on a new connection.
      assertThat(RawHttp.exchange(gateway.port(), "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
          .startsWith("HTTP/1.1 200");
      // Anything else on such a connection is 503.
      assertThat(RawHttp.exchange(gateway.port(), "GET /api/rooms HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
          .startsWith("HTTP/1.1 503");
      // The members already in still talk.
      alice.say(room, "still here", "c1");
      bob.awaitMessage("alice", "c1");

      // Past the health reserve as well, a connection is closed at once instead of hanging.
      for (int i = 0; i < 20; i++) {
        flood.add(RawHttp.open(gateway.port(), Duration.ofSeconds(5)));
      }
      Thread.sleep(500);
      try (Socket s = RawHttp.open(gateway.port(), Duration.ofSeconds(2))) {
        long start = System.nanoTime();
        s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(RawHttp.closedByServerWithin(s, Duration.ofSeconds(2))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      }
    } finally {
      for (Socket s : flood) {
        s.close();
      }
    }
    assertThat(gateway.metrics())
        .containsPattern("pulsechat_connections_closed_by_gateway_total\\{reason=\"total_limit\"} [1-9]");
  }
}
