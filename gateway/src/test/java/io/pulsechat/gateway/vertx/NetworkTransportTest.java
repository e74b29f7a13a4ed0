package io.pulsechat.gateway.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.transport.Transport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TRANSPORT's choice, against native transports that load or are refused as a kernel would refuse them. */
class NetworkTransportTest {
  private static final Transport EPOLL_LOADS = fake("epoll", null);
  private static final Transport EPOLL_REFUSED = fake("epoll", new UnsatisfiedLinkError("no epoll on this kernel"));
  private static final Transport URING_LOADS = fake("io_uring", null);
  private static final Transport URING_REFUSED = fake("io_uring",
      new IllegalStateException("failed to create io_uring ring fd", new RuntimeException("Operation not permitted")));

  @Test
  void autoTakesTheFirstNativeTransportThatLoads() {
    assertThat(NetworkTransport.AUTO.resolve(List.of(EPOLL_LOADS, URING_LOADS))).isSameAs(EPOLL_LOADS);
    assertThat(NetworkTransport.AUTO.resolve(List.of(EPOLL_REFUSED, URING_LOADS))).isSameAs(URING_LOADS);
  }

  @Test
  void autoFallsBackToNioWhenNoNativeTransportLoads() {
    assertThat(NetworkTransport.AUTO.resolve(List.of(EPOLL_REFUSED, URING_REFUSED))).isSameAs(Transport.NIO);
    assertThat(NetworkTransport.AUTO.resolve(java.util.Arrays.asList(null, null))).isSameAs(Transport.NIO);
  }

  @Test
  void anExplicitChoiceThatCannotLoadFailsWithTheKernelsReason() {
    assertThatThrownBy(() -> NetworkTransport.IO_URING.resolve(List.of(EPOLL_LOADS, URING_REFUSED)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("TRANSPORT=io_uring cannot load here")
        .hasMessageContaining("failed to create io_uring ring fd")
        .hasMessageContaining("TRANSPORT=auto");
    assertThatThrownBy(() -> NetworkTransport.EPOLL.resolve(java.util.Arrays.asList(null, URING_LOADS)))
        .hasMessageContaining("TRANSPORT=epoll is not on the classpath");
  }

  @Test
  void anExplicitChoiceThatLoadsIsTaken() {
    assertThat(NetworkTransport.IO_URING.resolve(List.of(EPOLL_LOADS, URING_LOADS))).isSameAs(URING_LOADS);
    assertThat(NetworkTransport.NIO.resolve(List.of(EPOLL_LOADS, URING_LOADS))).isSameAs(Transport.NIO);
  }

  @Test
  void theStartLineNamesTheChoiceAndWhyTheOthersDidNotLoad() {
    assertThat(NetworkTransport.AUTO.describe(URING_LOADS, List.of(EPOLL_REFUSED, URING_LOADS)))
        .isEqualTo("Network transport io_uring (TRANSPORT=auto); not available here: epoll"
            + " (java.lang.UnsatisfiedLinkError: no epoll on this kernel)");
  }

  private static Transport fake(String name, Throwable refusal) {
    return new Transport() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean available() {
        return refusal == null;
      }

      @Override
      public Throwable unavailabilityCause() {
        return refusal;
      }

      @Override
      public io.vertx.core.spi.transport.Transport implementation() {
        throw new UnsupportedOperationException("never built in this test");
      }
    };
  }
}
