package io.pulsechat.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * What the network side refused or closed, by reason: each bound of README's "Limits and abuse"
 * on connections, timeouts, bodies and origins counts here when it bites.
 */
public final class NetMeters {
  /** Why a connection was closed or an upgrade or request refused; the values of the {@code reason} tags. */
  public enum Reason {
    /** The source address holds CHAT_MAX_CONNECTIONS_PER_ADDRESS connections already. */
    ADDRESS_LIMIT,
    /** The gateway holds CHAT_MAX_CONNECTIONS connections already. */
    TOTAL_LIMIT,
    /** The request headers (or WebSocket upgrade) did not arrive within CHAT_HANDSHAKE_TIMEOUT_MS. */
    HANDSHAKE_TIMEOUT,
    /** A kept-alive HTTP connection sent no request for CHAT_HTTP_IDLE_TIMEOUT_MS. */
    HTTP_IDLE,
    /** A WebSocket answered no ping and sent nothing for CHAT_WS_IDLE_TIMEOUT_MS. */
    WEBSOCKET_IDLE,
    /** A request body over CHAT_MAX_BODY_BYTES. */
    BODY_TOO_LARGE,
    /** An Origin outside CHAT_ALLOWED_ORIGINS. */
    FOREIGN_ORIGIN,
    /** A path naming a dot-file or leading out of the public folder. */
    HIDDEN_FILE;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final MeterRegistry registry;

  public NetMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  public static NetMeters discarding() {
    return new NetMeters(new SimpleMeterRegistry());
  }

  /** A connection closed by the gateway: at a limit, or timed out. */
  public void connectionClosed(Reason reason) {
    Counter.builder("pulsechat.connections.closed.by.gateway").tag("reason", reason.tag())
        .description("connections the gateway closed or refused to protect itself, by reason")
        .register(registry).increment();
  }

  /** An HTTP request or WebSocket upgrade answered with an error status instead of being served. */
  public void requestRefused(Reason reason) {
    Counter.builder("pulsechat.http.refused").tag("reason", reason.tag())
        .description("HTTP requests and WebSocket upgrades refused, by reason")
        .register(registry).increment();
  }
}
