package io.pulsechat.gateway.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** What token checks refused, and connections their tokens ended. */
public final class AuthMeters {
  private final Counter handshakes;
  private final Counter requests;
  private final Counter expired;

  public AuthMeters(MeterRegistry registry) {
    handshakes = refused(registry, "handshake");
    requests = refused(registry, "api");
    expired = Counter.builder("pulsechat.auth.expired.closes")
        .description("connections closed with 1008 because their token expired without an auth frame")
        .register(registry);
  }

  public static AuthMeters discarding() {
    return new AuthMeters(new SimpleMeterRegistry());
  }

  private static Counter refused(MeterRegistry registry, String at) {
    return Counter.builder("pulsechat.auth.refused").tag("at", at)
        .description("WebSocket upgrades and /api/* requests refused with 401 for a missing or invalid token")
        .register(registry);
  }

  public void handshakeRefused() {
    handshakes.increment();
  }

  public void requestRefused() {
    requests.increment();
  }

  public void expiredClose() {
    expired.increment();
  }
}
