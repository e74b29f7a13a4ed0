package io.pulsechat.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulsechat.gateway.logging.ThrottledLog;
import io.pulsechat.gateway.protocol.CloseCode;
import io.pulsechat.gateway.protocol.ErrorCode;
import io.pulsechat.gateway.protocol.RateLimit;
import io.pulsechat.sentiment.Label;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own meters (storage meters live with the store). Counters are LongAdder-backed
 * and safe to bump from every event loop.
 */
public final class GatewayMetrics {
  private static final Logger log = LoggerFactory.getLogger(GatewayMetrics.class);
  // Limits biting are worth a line, but a flood of them is not: one per kind per 10 s.
  private static final ThrottledLog slowReaderLog = new ThrottledLog(log);
  private static final ThrottledLog rateLimitLog = new ThrottledLog(log);
  private static final ThrottledLog abuseLog = new ThrottledLog(log);
  private final MeterRegistry registry;
  private final AtomicInteger openConnections = new AtomicInteger();
  private final AtomicInteger rooms = new AtomicInteger();
  private final Counter messagesAccepted;
  private final Counter typingDropped;
  private final Map<Label, Counter> messagesByLabel = new EnumMap<>(Label.class);
  private final Timer acks;
  private final LongAdder deliveries = new LongAdder();
  private final Timer fanOut;
  private final Counter slowReaderCloses;
  private final Map<RateLimit, Counter> rateLimited = new EnumMap<>(RateLimit.class);
  private final Counter roomsRefusedPerConnection;
  private final Counter roomsRefusedNodeFull;
  private final Counter invalidUtf8Closes;
  private final Counter tooBigCloses;
  private final Counter abuseCloses;
  private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
  private final Map<String, AtomicInteger> modelInUse = new java.util.concurrent.ConcurrentHashMap<>();
  private final Counter modelsRefused;
  private final Counter sentimentAlerts;
  private final Counter flags;
  private final Map<String, Counter> scoredBy = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Counter> fallbacks = new java.util.concurrent.ConcurrentHashMap<>();

  private final DeliveryTrace trace;

  public GatewayMetrics(MeterRegistry registry) {
    this(registry, false);
  }

  /** {@code traceDeliveries}: also time each stage of every broadcast ({@link DeliveryTrace}). */
  public GatewayMetrics(MeterRegistry registry, boolean traceDeliveries) {
    this.registry = registry;
    this.trace = DeliveryTrace.of(traceDeliveries, registry);
    Gauge.builder("pulsechat.connections.open", openConnections, AtomicInteger::get)
        .description("WebSocket connections open").register(registry);
    Gauge.builder("pulsechat.rooms", rooms, AtomicInteger::get)
        .description("rooms with members online").register(registry);
    messagesAccepted = Counter.builder("pulsechat.messages.accepted")
        .description("messages stored and broadcast").register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("pulsechat.deliveries", deliveries, LongAdder::sum)
        .description("frames written to members by broadcasts").register(registry);
    // Histogram buckets (Prometheus _bucket series) add up across instances, so a fleet-wide
    // percentile is histogram_quantile over their sum; the percentile gauges are per instance
    // (CloudWatch's FanoutLatencyPercentile).
    fanOut = latency(Timer.builder("pulsechat.fanout")
        .description("time to write one broadcast to the members on one event loop")
        .publishPercentiles(0.5, 0.99)).register(registry);
    acks = latency(Timer.builder("pulsechat.ack")
        .description("time from a send's acceptance by its room's owner to its ack (stored, released in order)")
        .publishPercentiles(0.5, 0.99))
        .register(registry);
    for (Label label : Label.values()) {
      messagesByLabel.put(label, Counter.builder("pulsechat.messages.sentiment").tag("label", label.wireName())
          .description("messages stored and broadcast, by the sentiment label the model gave them").register(registry));
    }
    slowReaderCloses = Counter.builder("pulsechat.slow.reader.closes")
        .description("connections closed with 1013 because their outbound buffer passed its bound").register(registry);
    for (RateLimit limit : RateLimit.values()) {
      rateLimited.put(limit, Counter.builder("pulsechat.rate.limited").tag("kind", limit.tag())
          .description("requests refused with rate_limited, by the allowance that refused them").register(registry));
    }
    roomsRefusedPerConnection = roomsRefused(registry, "connection");
    roomsRefusedNodeFull = roomsRefused(registry, "node");
    invalidUtf8Closes = transportCloses(registry, CloseCode.INVALID_PAYLOAD);
    tooBigCloses = transportCloses(registry, CloseCode.MESSAGE_TOO_BIG);
    abuseCloses = Counter.builder("pulsechat.abuse.closes")
        .description("connections closed with 1008 for sustained rate limit abuse").register(registry);
    modelsRefused = Counter.builder("pulsechat.model.refused")
        .description("published sentiment models refused as corrupt or of an unknown version").register(registry);
    sentimentAlerts = Counter.builder("pulsechat.sentiment.alerts")
        .description("negative mood spikes detected (one per spike, not per message)").register(registry);
    typingDropped = Counter.builder("pulsechat.typing.dropped")
        .description("typing frames not passed on: within a user's interval, or in a large room").register(registry);
    flags = Counter.builder("pulsechat.flags")
        .description("sentiment labels flagged as wrong by readers").register(registry);
    for (String kind : new String[] {"fast", "accurate"}) {
      scoredBy.put(kind, Counter.builder("pulsechat.sentiment.scored").tag("model", kind)
          .description("messages scored, by the kind of model that scored them").register(registry));
    }
    for (String reason : new String[] {"queue-full", "waited", "cpu-budget", "error"}) {
      fallbacks.put(reason, Counter.builder("pulsechat.sentiment.fallback").tag("reason", reason)
          .description("messages meant for the accurate model that the fast one scored, by why").register(registry));
    }
    for (ErrorCode code : ErrorCode.values()) {
      errors.put(code, Counter.builder("pulsechat.errors").tag("code", code.wireName())
          .description("error frames sent, by code").register(registry));
    }
  }

  private static Counter roomsRefused(MeterRegistry registry, String limit) {
    return Counter.builder("pulsechat.rooms.refused").tag("limit", limit)
        .description("joins refused by a bound on rooms: per connection, or the node's total").register(registry);
  }

  private static Counter transportCloses(MeterRegistry registry, CloseCode code) {
    return Counter.builder("pulsechat.transport.closes").tag("code", Short.toString(code.status()))
        .description("connections closed for breaking the transport's rules: 1007 invalid UTF-8, 1009 too large")
        .register(registry);
  }

  /** Buckets from 100 µs to 30 s: fan-out is sub-millisecond when healthy, acks wait for storage. */
  static Timer.Builder latency(Timer.Builder timer) {
    return timer.publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
        .maximumExpectedValue(Duration.ofSeconds(30));
  }

  /** Meters that go nowhere, for tests of other parts. */
  public static GatewayMetrics discarding() {
    return new GatewayMetrics(new SimpleMeterRegistry());
  }

  /** The delivery path's stage timing; off unless CHAT_DELIVERY_TRACE is true. */
  public DeliveryTrace trace() {
    return trace;
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

  /** A message stored and released: counted in all, by its sentiment label, and its ack latency. */
  public void messageAccepted(Label label, long ackNanos) {
    messagesAccepted.increment();
    messagesByLabel.get(label).increment();
    acks.record(ackNanos, TimeUnit.NANOSECONDS);
  }

  public void fannedOut(int delivered, long nanos) {
    deliveries.add(delivered);
    fanOut.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void slowReaderClosed() {
    slowReaderCloses.increment();
    slowReaderLog.warn("Closed a slow reader with 1013: its outbound buffer passed CHAT_OUTBOUND_MAX_BYTES");
  }

  public void rateLimited(RateLimit limit) {
    rateLimited.get(limit).increment();
    rateLimitLog.warn("Refused a request with rate_limited (CHAT_*_RATE_* and CHAT_FLAGS_PER_ADDRESS_PER_MINUTE)");
  }

  /** A connection closed with 1007 or 1009; other codes are not counted here. */
  public void transportClosed(CloseCode code) {
    if (code == CloseCode.INVALID_PAYLOAD) {
      invalidUtf8Closes.increment();
    } else if (code == CloseCode.MESSAGE_TOO_BIG) {
      tooBigCloses.increment();
    }
  }

  /** A join refused: the connection is in as many rooms as it may be. */
  public void roomRefusedPerConnection() {
    roomsRefusedPerConnection.increment();
  }

  /** A room refused: this node holds as many rooms as it may. */
  public void roomRefusedNodeFull() {
    roomsRefusedNodeFull.increment();
  }

  public void abuseClosed() {
    abuseCloses.increment();
    abuseLog.warn("Closed a connection with 1008 for sustained rate-limit abuse (CHAT_ABUSE_BURST, CHAT_ABUSE_PER_SECOND)");
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

  public void typingDropped() {
    typingDropped.increment();
  }

  public void flagged() {
    flags.increment();
  }

  public void error(ErrorCode code) {
    errors.get(code).increment();
  }
}
