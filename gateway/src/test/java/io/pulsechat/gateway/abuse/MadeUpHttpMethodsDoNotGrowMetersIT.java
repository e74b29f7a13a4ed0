package io.pulsechat.gateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.TestGateway;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The attack: requests with a new made-up method each ({@code FOO1 /}, {@code FOO2 /}, ...).
 * Vert.x tagged its HTTP meters with the raw method, so each one added meters until the heap
 * was gone. Now they all count under {@code method="other"} and the meters stay few.
 */
class MadeUpHttpMethodsDoNotGrowMetersIT {
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(Map.of("CHAT_EVENT_LOOPS", "1", "CHAT_ROOM_SHARDS", "1"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void madeUpMethodsAndPathsAddNoMeters() throws Exception {
    String before = gateway.metrics();
    for (int i = 0; i < 300; i++) {
      RawHttp.exchange(gateway.port(), "FOO" + i + " /no/such/path/" + i + " HTTP/1.1\r\nHost: x\r\n"
          + "Connection: close\r\n\r\n");
    }
    String after = gateway.metrics();
    assertThat(after).doesNotContain("FOO").doesNotContain("/no/such/path");
    assertThat(after).contains("method=\"other\"");
    assertThat(series(after, "vertx_http_server_requests_total"))
        .as("request counter series after 300 made-up methods").isLessThanOrEqualTo(series(before,
            "vertx_http_server_requests_total") + 3);
    assertThat(after.lines().count()).as("lines of /metrics").isLessThan(before.lines().count() + 60);
  }

  private static long series(String metrics, String name) {
    return metrics.lines().filter(l -> l.startsWith(name + "{")).count();
  }
}
