package io.pulsechat.gateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.TestGateway;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The attack: open WebSockets and never send or answer anything, holding a descriptor and a
 * session each. Such a socket is now pinged after the ping interval and closed with 1001 at the
 * idle timeout; a client that answers pings (every browser and library does) stays open.
 */
class IdleWebSocketIsPingedThenClosedIT {
  private static final Duration PING = Duration.ofMillis(400);
  private static final Duration IDLE = Duration.ofMillis(1200);
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(Map.of("CHAT_EVENT_LOOPS", "1", "CHAT_ROOM_SHARDS", "1",
        "CHAT_WS_PING_INTERVAL_MS", Long.toString(PING.toMillis()),
        "CHAT_WS_IDLE_TIMEOUT_MS", Long.toString(IDLE.toMillis())));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void idleWebSocketIsPingedThenClosed() throws Exception {
    try (Socket socket = RawHttp.open(gateway.port(), IDLE.multipliedBy(4))) {
      assertThat(RawHttp.upgradeOn(socket, gateway.port(), null)).startsWith("HTTP/1.1 101");
      long start = System.nanoTime();
      RawHttp.Frame ping = RawHttp.readFrame(socket.getInputStream());
      assertThat(ping.opcode()).as("first frame: a ping").isEqualTo(0x9);
      RawHttp.Frame close = RawHttp.readFrame(socket.getInputStream());
      assertThat(close.opcode()).as("then a close").isEqualTo(0x8);
      assertThat(close.closeStatus()).isEqualTo(1001);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(IDLE.multipliedBy(3));
    }
    assertThat(gateway.metrics())
        .containsPattern("pulsechat_connections_closed_by_gateway_total\\{reason=\"websocket_idle\"} [1-9]");
  }

  @Test
  void aClientThatAnswersPingsStaysOpen() throws Exception {
    ChatClient client = gateway.connect();
    Thread.sleep(IDLE.multipliedBy(3).toMillis());
    assertThat(client.isClosed()).isFalse();
    client.ping();
  }
}
