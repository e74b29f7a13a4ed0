package io.pulsechat.gateway.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gateway starts on each transport this machine's kernel loads and serves a real client over
 * it: join, send, the delivery to another member, history. Where the kernel refuses a native
 * transport (io_uring is often disabled in containers), its case is skipped with the kernel's reason.
 */
class NativeTransportIT {

  @ParameterizedTest(name = "TRANSPORT={0}")
  @ValueSource(strings = {"nio", "epoll", "io_uring"})
  void servesARealClientOnEachTransportTheKernelLoads(String name) {
    Transport wanted = name.equals("nio") ? Transport.NIO : name.equals("epoll") ? Transport.EPOLL : Transport.IO_URING;
    Assumptions.assumeTrue(wanted != null && wanted.available(),
        () -> name + " does not load here: " + (wanted == null ? "not on the classpath" : wanted.unavailabilityCause()));
    try (TestGateway gateway = TestGateway.start(Map.of("TRANSPORT", name))) {
      assertThat(gateway.gateway().transport()).isEqualTo(name);
      exchange(gateway, name);
    }
  }

  @Test
  void autoRunsOnTheFirstNativeTransportThatLoads() {
    String expected = Transport.EPOLL.available() ? "epoll" : Transport.IO_URING.available() ? "io_uring" : "nio";
    try (TestGateway gateway = TestGateway.start(Map.of())) {
      assertThat(gateway.gateway().transport()).isEqualTo(expected);
      exchange(gateway, "auto");
    }
  }

  private static void exchange(TestGateway gateway, String name) {
    String room = TestGateway.room("transport-" + name);
    ChatClient reader = gateway.join(room, "reader");
    ChatClient writer = gateway.join(room, "writer");
    String big = "x".repeat(1500);
    writer.say(room, "over " + name, name + "-1");
    writer.say(room, big, name + "-2");

    assertThat(reader.awaitMessage("writer", name + "-1").getString("text")).isEqualTo("over " + name);
    assertThat(reader.awaitMessage("writer", name + "-2").getString("text")).isEqualTo(big);
    JsonObject history = reader.history(ChatClient.historyFrame(room));
    assertThat(history.getJsonArray("messages")).hasSize(2);
  }
}
