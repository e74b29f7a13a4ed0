package io.pulsechat.gateway.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulsechat.gateway.metrics.GatewayMetrics;
import io.pulsechat.sentiment.AccurateModel;
import io.pulsechat.sentiment.SentenceEncoder;
import io.pulsechat.sentiment.Sentiment;
import io.pulsechat.sentiment.SentimentModel;
import io.pulsechat.sentiment.SentimentModels;
import io.pulsechat.sentiment.StackHead;
import io.pulsechat.sentiment.TrainingMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The accurate model's pool: bounded queue, bounded wait, answers on the caller's context, counted per model. */
class AccuratePoolTest {
  private static final SentimentModel FAST = SentimentModels.loadDefault();
  private final Vertx vertx = Vertx.vertx();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final GatewayMetrics metrics = new GatewayMetrics(registry);
  private AccuratePool pool;

  /** A stand-in encoder of four zero dimensions; how it spends time is each one's own. */
  interface FourDimensions extends SentenceEncoder {
    @Override
    default String name() {
      return "slow";
    }

    @Override
    default String checksum() {
      return "00";
    }

    @Override
    default int dimension() {
      return 4;
    }
  }

  /** An encoder that takes {@code millisPerText} a text, as MiniLM does on a busy core. */
  record SlowEncoder(long millisPerText) implements FourDimensions {
    @Override
    public float[][] encode(List<String> texts) {
      try {
        Thread.sleep(millisPerText * texts.size());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new float[texts.size()][4];
    }
  }

  /** An encoder that takes no real time but moves {@code clock} on by {@code millisPerText} a text. */
  record ClockEncoder(AtomicLong clock, long millisPerText) implements FourDimensions {
    @Override
    public float[][] encode(List<String> texts) {
      clock.addAndGet(millisPerText * 1_000_000L * texts.size());
      return new float[texts.size()][4];
    }
  }

  /** An encoder that waits for {@code gate} before encoding. */
  record GatedEncoder(CountDownLatch gate) implements FourDimensions {
    @Override
    public float[][] encode(List<String> texts) {
      try {
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new float[texts.size()][4];
    }
  }

  private static AccurateModel.Bound accurate(long millisPerText) {
    return accurate(new SlowEncoder(millisPerText));
  }

  private static AccurateModel.Bound accurate(SentenceEncoder encoder) {
    int inputs = 4 + StackHead.FAST_INPUTS;
    AccurateModel model = new AccurateModel("accurate-test", TrainingMetrics.none(), "slow", "00", FAST,
        new StackHead(inputs, 0, new float[0], new float[0], new float[inputs * 3], new float[3]));
    return model.bind(encoder);
  }

  @AfterEach
  void close() throws Exception {
    if (pool != null) {
      pool.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Sends {@code n} messages from one event loop at once; returns their sentiments in order. */
  private List<Sentiment> scoreFromALoop(int n) throws Exception {
    return scoreFromALoop(n, () -> { });
  }

  /** As {@link #scoreFromALoop(int)}, running {@code afterSending} once all are sent. */
  private List<Sentiment> scoreFromALoop(int n, Runnable afterSending) throws Exception {
    Context loop = vertx.getOrCreateContext();
    CompletableFuture<List<Sentiment>> done = new CompletableFuture<>();
    loop.runOnContext(v -> {
      List<Future<Sentiment>> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Future<Sentiment> f = pool.scoreAsync("message " + i);
        f.onComplete(ar -> {
          if (Vertx.currentContext() != loop) {
            done.completeExceptionally(new AssertionError("completed off the caller's context"));
          }
        });
        all.add(f);
      }
      afterSending.run();
      Future.all(all).onSuccess(c -> done.complete(all.stream().map(Future::result).toList()))
          .onFailure(done::completeExceptionally);
    });
    return done.get(30, TimeUnit.SECONDS);
  }

  private double scored(String kind) {
    return registry.get("pulsechat.sentiment.scored").tag("model", kind).counter().count();
  }

  @Test
  void messagesThatFindTheQueueFullAreScoredByTheFastModelAtOnce() throws Exception {
    // The encoder holds its first batch until all 40 are sent, however slowly the loop sends them.
    CountDownLatch sent = new CountDownLatch(1);
    AccurateModel.Bound slow = accurate(new GatedEncoder(sent));
    pool = new AccuratePool(() -> FAST, () -> slow, SentimentMode.ACCURATE,
        new AccuratePool.Settings(1, 4, 2, Duration.ofSeconds(10)), metrics);
    List<Sentiment> scored = scoreFromALoop(40, sent::countDown);
    long accurateCount = scored.stream().filter(s -> s.model().equals("accurate-test")).count();
    long fastCount = scored.stream().filter(s -> s.model().equals(FAST.version())).count();
    assertThat(accurateCount + fastCount).isEqualTo(40);
    // At most the queue plus what the worker took is accurate; the rest did not wait.
    assertThat(accurateCount).isBetween(1L, 4L + 2L);
    assertThat(scored("accurate")).isEqualTo(accurateCount);
    assertThat(scored("fast")).isEqualTo(fastCount);
    assertThat(registry.get("pulsechat.sentiment.fallback").tag("reason", "queue-full").counter().count())
        .isEqualTo(fastCount);
  }

  @Test
  void inAutoAMessageThatWaitedTooLongIsScoredByTheFastModel() throws Exception {
    AccurateModel.Bound slow = accurate(30);
    pool = new AccuratePool(() -> FAST, () -> slow, SentimentMode.AUTO,
        new AccuratePool.Settings(1, 1000, 1, Duration.ofMillis(50)), metrics);
    long start = System.nanoTime();
    List<Sentiment> scored = scoreFromALoop(30);
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    // Serially, 30 accurate scores would take 900 ms; the wait bound lets most go to the fast model.
    assertThat(scored).extracting(Sentiment::model).contains(FAST.version(), "accurate-test");
    assertThat(registry.get("pulsechat.sentiment.fallback").tag("reason", "waited").counter().count()).isPositive();
    assertThat(elapsedMs).isLessThan(900);
  }

  @Test
  void inAutoAMessageInABatchBeingEncodedIsAnsweredAtItsDeadline() throws Exception {
    // One batch of 4 takes 2 s to encode; every message's 50 ms deadline passes long before.
    AccurateModel.Bound slow = accurate(500);
    pool = new AccuratePool(() -> FAST, () -> slow, SentimentMode.AUTO,
        new AccuratePool.Settings(1, 100, 4, Duration.ofMillis(50)), metrics);
    long start = System.nanoTime();
    List<Sentiment> scored = scoreFromALoop(8);
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(scored).extracting(Sentiment::model).containsOnly(FAST.version());
    assertThat(elapsedMs).as("answered before the first batch could be").isLessThan(2_000);
    assertThat(registry.get("pulsechat.sentiment.fallback").tag("reason", "waited").counter().count()).isEqualTo(8);
    assertThat(registry.find("pulsechat.sentiment.scored").tag("model", "accurate").counter()).satisfiesAnyOf(
        c -> assertThat(c).isNull(), c -> assertThat(c.count()).isZero());
  }

  private double fallbacks(String reason) {
    return registry.get("pulsechat.sentiment.fallback").tag("reason", reason).counter().count();
  }

  /** A pool on {@code clock}: 200 ms of encoding a message, a budget of 5% of 2 cores over one second. */
  private AccuratePool onBudget(SentimentMode mode, AtomicLong clock) {
    AccurateModel.Bound model = accurate(new ClockEncoder(clock, 200));
    return new AccuratePool(() -> FAST, () -> model, mode,
        new AccuratePool.Settings(1, 100, 1, Duration.ofSeconds(60), 0.05, Duration.ofSeconds(1)), metrics, 2, clock::get);
  }

  @Test
  void inAutoTheEncoderStopsAtItsCpuBudgetAndLaterMessagesGetTheFastScoreAtOnce() throws Exception {
    AtomicLong clock = new AtomicLong();
    // 5% of 2 cores over one second is 100 ms; the first message's 200 ms spend it all.
    pool = onBudget(SentimentMode.AUTO, clock);
    List<Sentiment> scored = scoreFromALoop(10);
    assertThat(scored).extracting(Sentiment::model).filteredOn("accurate-test"::equals).hasSize(1);
    assertThat(fallbacks("cpu-budget")).isEqualTo(9);
    assertThat(fallbacks("waited")).isZero();
    assertThat(scored("accurate")).isEqualTo(1);
    assertThat(scored("fast")).isEqualTo(9);

    // Once the busy time has slid out of the window, the accurate model scores again.
    clock.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(scoreFromALoop(1)).extracting(Sentiment::model).containsExactly("accurate-test");
  }

  @Test
  void inAccurateModeTheCpuBudgetDoesNotApply() throws Exception {
    pool = onBudget(SentimentMode.ACCURATE, new AtomicLong());
    assertThat(scoreFromALoop(10)).extracting(Sentiment::model).containsOnly("accurate-test");
    assertThat(fallbacks("cpu-budget")).isZero();
  }

  @Test
  void aFailingAccurateModelFallsBackInsteadOfLosingMessages() throws Exception {
    pool = new AccuratePool(() -> FAST, () -> null, SentimentMode.ACCURATE,
        new AccuratePool.Settings(1, 100, 8, Duration.ofSeconds(1)), metrics);
    List<Sentiment> scored = scoreFromALoop(10);
    assertThat(scored).extracting(Sentiment::model).containsOnly(FAST.version());
  }
}
