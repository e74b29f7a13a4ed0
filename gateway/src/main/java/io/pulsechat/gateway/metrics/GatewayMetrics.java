package io.pulsechat.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulsechat.gateway.protocol.ErrorCode;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's own meters (storage meters live with the store). Counters are LongAdder-backed
 * and safe to bump from every event loop.
 */
public final class GatewayMetrics {
  private final MeterRegistry registry;
  private final AtomicInteger openConnections = new AtomicInteger();
  private final AtomicInteger rooms = new AtomicInteger();
  private final Counter messagesAccepted;
  private final LongAdder deliveries = new LongAdder();
  private final Timer fanOut;
  private final Counter slowReaderCloses;
  private final Counter rateLimited;
  private final Counter abuseCloses;
  private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
  private final Map<String, AtomicInteger> modelInUse = new java.util.concurrent.ConcurrentHashMap<>();
  private final Counter modelsRefused;
  private final Counter sentimentAlerts;
  private final Counter flags;
  private final Map<String, Counter> scoredBy = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Counter> fallbacks = new java.util.concurrent.ConcurrentHashMap<>();

  public GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("pulsechat.connections.open", openConnections, AtomicInteger::get)
        .description("WebSocket connections open").register(registry);
    Gauge.builder("pulsechat.rooms", rooms, AtomicInteger::get)
        .description("rooms with members online").register(registry);
    messagesAccepted = Counter.builder("pulsechat.messages.accepted")
        .description("messages stored and broadcast").register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("pulsechat.deliveries", deliveries, LongAdder::sum)
        .description("frames written to members by broadcasts").register(registry);
    fanOut = Timer.builder("pulsechat.fanout")
        .description("time to write one broadcast to the members on one event loop")
        .publishPercentiles(0.5, 0.99).register(registry);
    slowReaderCloses = Counter.builder("pulsechat.slow.reader.closes")
        .description("connections closed with 1013 because their outbound buffer passed its bound").register(registry);
    rateLimited = Counter.builder("pulsechat.rate.limited")
        .description("send frames refused with rate_limited").register(registry);
    abuseCloses = Counter.builder("pulsechat.abuse.closes")
        .description("connections closed with 1008 for sustained rate limit abuse").register(registry);
    modelsRefused = Counter.builder("pulsechat.model.refused")
        .description("published sentiment models refused as corrupt or of an unknown version").register(registry);
    sentimentAlerts = Counter.builder("pulsechat.sentiment.alerts")
        .description("negative mood spikes detected (one per spike, not per message)").register(registry);
    flags = Counter.builder("pulsechat.flags")
        .description("sentiment labels flagged as wrong by readers").register(registry);
    for (String kind : new String[] {"fast", "accurate"}) {
      scoredBy.put(kind, Counter.builder("pulsechat.sentiment.scored").tag("model", kind)
          .description("messages scored, by the kind of model that scored them").register(registry));
    }
    for (String reason : new String[] {"queue-full", "waited", "error"}) {
      fallbacks.put(reason, Counter.builder("pulsechat.sentiment.fallback").tag("reason", reason)
          .description("messages meant for the accurate model that the fast one scored, by why").register(registry));
    }
    for (ErrorCode code : ErrorCode.values()) {
      errors.put(code, Counter.builder("pulsechat.errors").tag("code", code.wireName())
          .description("error frames sent, by code").register(registry));
    }
  }

  /** Meters that go nowhere, for tests of other parts. */
  public static GatewayMetrics discarding() {
    return new GatewayMetrics(new SimpleMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void connectionOpened() {
    openConnections.incrementAndGet();
  }

  public void connectionClosed() {
    openConnections.decrementAndGet();
  }

  public void roomsChanged(int delta) {
    rooms.addAndGet(delta);
  }

  public void messageAccepted() {
    messagesAccepted.increment();
  }

  public void fannedOut(int delivered, long nanos) {
    deliveries.add(delivered);
    fanOut.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void slowReaderClosed() {
    slowReaderCloses.increment();
  }

  public void rateLimited() {
    rateLimited.increment();
  }

  public void abuseClosed() {
    abuseCloses.increment();
  }

  /**
   * The model version now scoring messages: gauge {@code pulsechat.model.in.use{version}} is 1 for
   * it and 0 for versions used before.
   */
  public void modelInUse(String version) {
    modelInUse.forEach((v, gauge) -> gauge.set(0));
    modelInUse.computeIfAbsent(version, v -> {
      AtomicInteger gauge = new AtomicInteger();
      Gauge.builder("pulsechat.model.in.use", gauge, AtomicInteger::get).tag("version", v)
          .description("1 for the sentiment model version in use").register(registry);
      return gauge;
    }).set(1);
  }

  /** A message scored by the model of that kind: "fast" or "accurate". */
  public void sentimentScored(String kind) {
    scoredBy.get(kind).increment();
  }

  /** A message for the accurate model that the fast one scored: "queue-full", "waited" or "error". */
  public void sentimentFallback(String reason) {
    fallbacks.get(reason).increment();
  }

  public void modelRefused() {
    modelsRefused.increment();
  }

  public void sentimentAlert() {
    sentimentAlerts.increment();
  }

  public void flagged() {
    flags.increment();
  }

  public void error(ErrorCode code) {
    errors.get(code).increment();
  }
}
