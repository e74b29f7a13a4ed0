package io.pulsechat.gateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.TestGateway;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The attack: one client opens WebSockets as fast as it can (5,000 in 2 s before this bound).
 * Loopback is held to the per-address bound here, as it is for any address outside it by
 * default: the first {@value #PER_ADDRESS} upgrades succeed, the rest are closed without an
 * answer, another address is not affected, and closing sockets frees their places.
 */
class OneAddressCannotOpenThousandsOfSocketsIT {
  private static final int PER_ADDRESS = 20;
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(Map.of("CHAT_EVENT_LOOPS", "2", "CHAT_ROOM_SHARDS", "1",
        "CHAT_MAX_CONNECTIONS_PER_ADDRESS", Integer.toString(PER_ADDRESS), "CHAT_LIMIT_LOOPBACK", "true"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void oneAddressCannotOpenThousandsOfSockets() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    int upgraded = 0;
    try {
      for (int i = 0; i < 300; i++) {
        Socket s = RawHttp.openFrom("127.0.0.3", gateway.port(), Duration.ofSeconds(5));
        sockets.add(s);
        if (RawHttp.upgradeOn(s, gateway.port(), null).startsWith("HTTP/1.1 101")) {
          upgraded++;
        }
      }
      assertThat(upgraded).isEqualTo(PER_ADDRESS);

      // Another address has places of its own.
      try (Socket other = RawHttp.openFrom("127.0.0.4", gateway.port(), Duration.ofSeconds(5))) {
        assertThat(RawHttp.upgradeOn(other, gateway.port(), null)).startsWith("HTTP/1.1 101");
      }
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
    // The places come back once the sockets are closed.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String head = "";
    while (!head.startsWith("HTTP/1.1 101") && System.nanoTime() < deadline) {
      try (Socket again = RawHttp.openFrom("127.0.0.3", gateway.port(), Duration.ofSeconds(5))) {
        head = RawHttp.upgradeOn(again, gateway.port(), null);
      }
      Thread.sleep(50);
    }
    assertThat(head).startsWith("HTTP/1.1 101");
    assertThat(gateway.metrics())
        .containsPattern("pulsechat_connections_closed_by_gateway_total\\{reason=\"address_limit\"} 2[0-9][0-9]");
  }
}
