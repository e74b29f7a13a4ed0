package io.pulsechat.gateway.store.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.store.SqliteDatabase;
import io.pulsechat.gateway.store.SqliteMessageStore;
import io.pulsechat.gateway.store.WriteBehindBatcher;
import io.pulsechat.gateway.store.WriteBehindSettings;
import io.pulsechat.sentiment.Label;
import io.pulsechat.sentiment.Sentiment;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * The SQLite store on its own, through the gateway's write path ({@link WriteBehindBatcher} with
 * the SQLite settings, {@link SqliteMessageStore#appendOnce}, the unique client-id index): its
 * ceiling (messages durably committed per second with the queue kept full) and its ack latency
 * at a steady offered rate, measured from when each message was due, so a stall counts against
 * every message it delays. Prints a Markdown table.
 *
 * <p>Run from the built jars (no Maven plug-in needed):
 * {@code java -cp gateway/target/test-classes:gateway/target/gateway.jar
 * io.pulsechat.gateway.store.bench.SqliteStoreBench [FULL,NORMAL] [ceilingMessages=100000]
 * [rate=1000] [seconds=20]}
 */
public final class SqliteStoreBench {
  private static final String TEXT = "x".repeat(200);
  private static final int QUEUE_MAX = 10_000;
  private static final int ROOMS = 100;

  private SqliteStoreBench() {
  }

  public static void main(String[] args) throws Exception {
    String[] modes = (args.length > 0 ? args[0] : "FULL,NORMAL").split(",");
    int ceilingMessages = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int rate = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    StringBuilder table = new StringBuilder("| synchronous | ceiling, messages committed/s | ack p50 ms at "
        + rate + "/s | p99 ms | p99.9 ms | max ms |\n|---|---|---|---|---|---|\n");
    int status = 0;
    try {
      for (String mode : modes) {
        table.append(bench(mode.trim(), ceilingMessages, rate, seconds)).append('\n');
      }
      System.out.print(table);
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  private static String bench(String synchronous, int ceilingMessages, int rate, int seconds) throws Exception {
    Path dir = Files.createTempDirectory("pulsechat-sqlite-bench-");
    Vertx vertx = Vertx.vertx();
    WriteBehindSettings settings = new WriteBehindSettings(WriteBehindSettings.SQLITE_MAX_ITEMS, Duration.ZERO,
        QUEUE_MAX, 1, Duration.ofSeconds(10), WriteBehindSettings.DEFAULT_BACKOFF_BASE,
        WriteBehindSettings.DEFAULT_BACKOFF_CAP, WriteBehindSettings.DEFAULT_COOL_OFF, Duration.ofSeconds(30));
    try (SqliteDatabase db = SqliteDatabase.open(dir, synchronous, 2)) {
      SqliteMessageStore store = new SqliteMessageStore(db,
          writer -> new WriteBehindBatcher(vertx, writer, settings, new SimpleMeterRegistry()));
      ceiling(vertx, store, "warm", 20_000);
      double ceiling = ceiling(vertx, store, "ceiling", ceilingMessages);
      paced(vertx, store, "warm-paced", rate, 3);
      Histogram acks = paced(vertx, store, "paced", rate, seconds);
      System.out.printf("%s: ceiling %.0f/s, paced %d acks%n", synchronous, ceiling, acks.getTotalCount());
      return String.format("| %s | %,.0f | %.1f | %.1f | %.1f | %.1f |", synchronous, ceiling,
          ms(acks.getValueAtPercentile(50)), ms(acks.getValueAtPercentile(99)),
          ms(acks.getValueAtPercentile(99.9)), ms(acks.getMaxValue()));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** Keeps the write queue full: a message is offered whenever one is acked. */
  private static double ceiling(Vertx vertx, SqliteMessageStore store, String run, int n) throws Exception {
    Promise<Void> done = Promise.promise();
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger acked = new AtomicInteger();
    long start = System.nanoTime();
    vertx.runOnContext(v -> {
      Runnable[] next = new Runnable[1];
      next[0] = () -> {
        int i = sent.getAndIncrement();
        if (i >= n) {
          return;
        }
        store.appendOnce(message(run, i, System.currentTimeMillis())).onComplete(ar -> {
          if (ar.failed()) {
            done.tryFail(ar.cause());
          } else if (acked.incrementAndGet() == n) {
            done.tryComplete();
          } else {
            next[0].run();
          }
        });
      };
      for (int i = 0; i < QUEUE_MAX / 2; i++) {
        next[0].run();
      }
    });
    done.future().toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
    return n / ((System.nanoTime() - start) / 1e9);
  }

  /** Offers {@code rate} messages a second on a 1 ms timer; latency from each message's due time. */
  private static Histogram paced(Vertx vertx, SqliteMessageStore store, String run, int rate, int seconds)
      throws Exception {
    Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    int total = rate * seconds;
    Promise<Void> done = Promise.promise();
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger settled = new AtomicInteger();
    long start = System.nanoTime();
    vertx.runOnContext(v -> vertx.setPeriodic(1, timer -> {
      long now = System.nanoTime();
      long due = Math.min(total, (now - start) * rate / 1_000_000_000L);
      while (sent.get() < due) {
        int i = sent.getAndIncrement();
        long dueAt = start + i * 1_000_000_000L / rate;
        store.appendOnce(message(run, i, System.currentTimeMillis())).onComplete(ar -> {
          if (ar.failed()) {
            done.tryFail(ar.cause());
            return;
          }
          latency.recordValue(Math.max(0, (System.nanoTime() - dueAt) / 1_000));
          if (settled.incrementAndGet() == total) {
            done.tryComplete();
          }
        });
      }
      if (sent.get() >= total) {
        vertx.cancelTimer(timer);
      }
    }));
    done.future().toCompletionStage().toCompletableFuture().get(seconds + 120L, TimeUnit.SECONDS);
    return latency;
  }

  private static ChatMessage message(String run, int i, long ts) {
    String room = "room-" + (i % ROOMS);
    return new ChatMessage(room, String.format("%013d-%s-%08d", ts, run, i), "user-" + (i % ROOMS), TEXT, ts,
        run + "-" + i, new Sentiment(Label.NEUTRAL, 0.1, "fast"));
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }
}
