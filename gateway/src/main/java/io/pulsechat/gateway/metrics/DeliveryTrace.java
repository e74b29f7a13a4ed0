package io.pulsechat.gateway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Where a broadcast's latency goes, stage by stage, for benchmarks ({@code CHAT_DELIVERY_TRACE}):
 * each stage is a {@code pulsechat.trace.<stage>} histogram. Off (the default) it registers no
 * meter and every call site costs one branch on {@link #on()}; no timestamp is taken.
 *
 * <p>All times are {@link System#nanoTime}. The owner stamps a frame with the time it published
 * it ({@link #PUBLISHED} header on the event bus, only when on); each event loop then times its
 * hand-off, its write pass, and the flush pass that put the frame's bytes on the sockets.
 */
public final class DeliveryTrace {
  /** The event-bus header carrying the owner's {@link System#nanoTime} at publish. */
  public static final String PUBLISHED = "pulsechat-published";

  /** The stages, in the order a message goes through them. */
  public enum Stage {
    SCORE("score", "from a send's acceptance by its room's owner to its sentiment score (fast model, or the accurate model's pool)"),
    STORE("store", "from the score to storage's answer (the write-behind batch, its window and the database)"),
    RELEASE("release", "from storage's answer to the owner's publish (waiting for earlier messages, release)"),
    HANDOFF("handoff", "from the owner's publish to an event loop starting its write pass (event bus, loop queue)"),
    WRITE("write", "one event loop's write pass of one broadcast to its members (unflushed)"),
    FLUSH("flush", "one event loop's flush pass: the socket writes of every connection written to in that pass"),
    SENT("sent", "from the owner's publish to the end of the flush pass that sent a broadcast, per event loop");

    final String tag;
    final String doc;

    Stage(String tag, String doc) {
      this.tag = tag;
      this.doc = doc;
    }
  }

  private static final DeliveryTrace OFF = new DeliveryTrace(null);
  /**
   * 10 µs to about 6 s, each bucket 1.3 times the one before: fine enough to read a stage's median
   * to within 15 %, and few enough (51) that scraping during a benchmark stays cheap.
   */
  private static final Duration[] BUCKETS = IntStream.range(0, 51)
      .mapToObj(i -> Duration.ofNanos(Math.round(10_000 * Math.pow(1.3, i)))).toArray(Duration[]::new);

  private final boolean on;
  private final Map<Stage, Timer> timers = new EnumMap<>(Stage.class);
  /** Per event loop: the publish time of the oldest broadcast written and not flushed yet, 0 for none. */
  private final ThreadLocal<long[]> unflushedSince = ThreadLocal.withInitial(() -> new long[1]);

  private DeliveryTrace(MeterRegistry registry) {
    this.on = registry != null;
    if (on) {
      for (Stage stage : Stage.values()) {
        timers.put(stage, Timer.builder("pulsechat.trace." + stage.tag).description(stage.doc)
            .serviceLevelObjectives(BUCKETS).register(registry));
      }
    }
  }

  /** Timing into {@code registry}, or, when {@code enabled} is false, nothing at all. */
  public static DeliveryTrace of(boolean enabled, MeterRegistry registry) {
    return enabled ? new DeliveryTrace(registry) : OFF;
  }

  public static DeliveryTrace off() {
    return OFF;
  }

  /** Whether stages are timed; call sites take timestamps only then. */
  public boolean on() {
    return on;
  }

  /** Records that {@code stage} took from {@code fromNanos} to {@code toNanos}. */
  public void record(Stage stage, long fromNanos, long toNanos) {
    if (on) {
      timers.get(stage).record(toNanos - fromNanos, TimeUnit.NANOSECONDS);
    }
  }

  /** On an event loop: a broadcast published at {@code publishedNanos} was written here and waits for the flush. */
  public void written(long publishedNanos) {
    if (on) {
      long[] since = unflushedSince.get();
      if (since[0] == 0 || publishedNanos - since[0] < 0) {
        since[0] = publishedNanos;
      }
    }
  }

  /** On an event loop: a flush pass that started at {@code startNanos} has just ended. */
  public void flushed(long startNanos) {
    if (on) {
      long now = System.nanoTime();
      record(Stage.FLUSH, startNanos, now);
      long[] since = unflushedSince.get();
      if (since[0] != 0) {
        record(Stage.SENT, since[0], now);
        since[0] = 0;
      }
    }
  }
}
