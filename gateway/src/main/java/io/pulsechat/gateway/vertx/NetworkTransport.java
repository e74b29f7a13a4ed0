package io.pulsechat.gateway.vertx;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.transport.Transport;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Which of Netty's I/O transports the gateway's Vert.x runs on: the value of {@code TRANSPORT}.
 * The native ones (epoll, io_uring) make fewer and cheaper system calls than NIO's selector, and
 * most of a busy gateway's CPU is the kernel's socket work.
 */
public enum NetworkTransport {
  /** The best the kernel offers, in Vert.x's own order (epoll, then io_uring), else NIO. */
  AUTO("auto"),
  NIO("nio"),
  EPOLL("epoll"),
  IO_URING("io_uring");

  private final String value;

  NetworkTransport(String value) {
    this.value = value;
  }

  /** The setting's spelling: auto, nio, epoll or io_uring. */
  public String value() {
    return value;
  }

  /**
   * The transport Vert.x is built with: this choice, or for {@link #AUTO} the first native one
   * that loads, else NIO.
   *
   * @throws IllegalStateException when an explicit native choice cannot load here, with the reason
   */
  public Transport resolve() {
    return resolve(List.of(Transport.EPOLL, Transport.IO_URING));
  }

  /** {@link #resolve()} over these native candidates, in order of preference (null when absent from the classpath). */
  Transport resolve(List<Transport> natives) {
    return switch (this) {
      case NIO -> Transport.NIO;
      case AUTO -> natives.stream().filter(t -> t != null && t.available()).findFirst().orElse(Transport.NIO);
      case EPOLL, IO_URING -> {
        Transport wanted = natives.stream().filter(t -> t != null && t.name().equals(value)).findFirst()
            .orElseThrow(() -> new IllegalStateException("TRANSPORT=" + value + " is not on the classpath"));
        if (!wanted.available()) {
          throw new IllegalStateException("TRANSPORT=" + value + " cannot load here: " + reason(wanted)
              + "; use TRANSPORT=auto to fall back to what loads, or TRANSPORT=nio");
        }
        yield wanted;
      }
    };
  }

  /** One line for the start-up log: what runs, and why the native transports that do not load do not. */
  public String describe(Transport chosen) {
    return describe(chosen, List.of(Transport.EPOLL, Transport.IO_URING));
  }

  String describe(Transport chosen, List<Transport> natives) {
    String refused = natives.stream().filter(Objects::nonNull).filter(t -> !t.available())
        .map(t -> t.name() + " (" + reason(t) + ")").collect(Collectors.joining(", "));
    return "Network transport " + chosen.name() + " (TRANSPORT=" + value + ")"
        + (refused.isEmpty() ? "" : "; not available here: " + refused);
  }

  /** The name of the transport {@code vertx} actually runs on (nio, epoll, io_uring, kqueue), read from Vert.x itself. */
  public static String runningOn(Vertx vertx) {
    Class<?> running = ((VertxInternal) vertx).transport().getClass();
    return java.util.stream.Stream.of(Transport.EPOLL, Transport.IO_URING, Transport.KQUEUE, Transport.NIO)
        .filter(t -> t != null && t.implementation().getClass() == running).map(Transport::name).findFirst()
        .orElse(running.getSimpleName());
  }

  private static String reason(Transport t) {
    Throwable cause = t.unavailabilityCause();
    while (cause != null && cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return cause == null ? "no reason given" : cause.toString();
  }
}
