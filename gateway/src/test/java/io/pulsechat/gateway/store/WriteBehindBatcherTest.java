package io.pulsechat.gateway.store;

import static io.pulsechat.gateway.store.TestMessages.message;
import static io.pulsechat.gateway.store.TestMessages.messages;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulsechat.gateway.protocol.ChatMessage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class WriteBehindBatcherTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  private MeterRegistry registry;

  @BeforeEach
  void setUp() {
    registry = new SimpleMeterRegistry();
  }

  private static WriteBehindSettings settings(int maxItems, Duration window, int queueMax, int concurrency,
                                              Duration retryBudget) {
    return new WriteBehindSettings(maxItems, window, queueMax, concurrency, retryBudget,
        Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(5));
  }

  private WriteBehindBatcher batcher(Vertx vertx, BatchWriter writer, WriteBehindSettings settings) {
    return new WriteBehindBatcher(vertx, writer, settings, registry, () -> 1.0, System::nanoTime);
  }

  private static Future<?> submitAll(WriteBehindBatcher batcher, List<ChatMessage> messages) {
    return Future.all(messages.stream().map(batcher::submit).toList());
  }

  @Test
  void aFullBatchGoesOutWithoutWaitingForTheWindow(Vertx vertx, VertxTestContext test) {
    FakeBatchWriter writer = new FakeBatchWriter();
    // A 30 s window: only the size trigger can complete these within the test's timeout.
    WriteBehindBatcher batcher = batcher(vertx, writer, settings(5, LONG, 100, 4, LONG));

    submitAll(batcher, messages("r", 0, 10)).onComplete(test.succeeding(v -> test.verify(() -> {
      assertThat(writer.callSizes()).containsExactly(5, 5);
      assertThat(writer.stored()).containsExactlyInAnyOrderElementsOf(messages("r", 0, 10));
      assertThat(registry.summary("pulsechat.store.batch.size").count()).isEqualTo(2);
      assertThat(registry.summary("pulsechat.store.batch.size").totalAmount()).isEqualTo(10);
      assertThat(registry.timer("pulsechat.store.flush").count()).isEqualTo(2);
      test.completeNow();
    })));
  }

  @Test
  void aPartialBatchGoesOutWhenTheWindowEnds(Vertx vertx, VertxTestContext test) {
    FakeBatchWriter writer = new FakeBatchWriter();
    WriteBehindBatcher batcher = batcher(vertx, writer, settings(25, Duration.ofMillis(100), 100, 4, LONG));
    long start = System.nanoTime();

    submitAll(batcher, messages("r", 0, 3)).onComplete(test.succeeding(v -> test.verify(() -> {
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(100);
      assertThat(writer.callSizes()).containsExactly(3);
      test.completeNow();
    })));
  }

  @Test
  void unprocessedItemsAreRetriedAlone(Vertx vertx, VertxTestContext test) {
    FakeBatchWriter writer = new FakeBatchWriter().thenLeaveUnprocessed(2);
    WriteBehindBatcher batcher = batcher(vertx, writer, settings(5, LONG, 100, 4, LONG));

    submitAll(batcher, messages("r", 0, 5)).onComplete(test.succeeding(v -> test.verify(() -> {
      assertThat(writer.calls()).hasSize(2);
      assertThat(writer.calls().get(1)).containsExactlyElementsOf(messages("r", 3, 5));
      assertThat(writer.stored()).containsExactlyInAnyOrderElementsOf(messages("r", 0, 5));
      assertThat(registry.counter("pulsechat.store.retries").count()).isEqualTo(1);
      test.completeNow();
    })));
  }

  @Test
  void throttlingIsRetriedWithGrowingBackoff(Vertx vertx, VertxTestContext test) {
    FakeBatchWriter writer = new FakeBatchWriter().thenThrottle().thenThrottle();
    // Jitter pinned at its maximum: waits of 20 ms, then 40 ms.
    WriteBehindBatcher batcher = batcher(vertx, writer, settings(1, Duration.ZERO, 100, 4, LONG));
    long start = System.nanoTime();

    batcher.submit(message("r", 1)).onComplete(test.succeeding(v -> test.verify(() -> {
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(60);
      assertThat(writer.calls()).hasSize(3);
      assertThat(writer.stored()).containsExactly(message("r", 1));
      assertThat(registry.counter("pulsechat.store.retries").count()).isEqualTo(2);
      test.completeNow();
    })));
  }

  @Test
  void messagesFailUnavailableOnceTheRetryBudgetIsSpent(Vertx vertx, VertxTestContext test) {
    FakeBatchWriter writer = new FakeBatchWriter();
    for (int i = 0; i < 100; i++) {
      writer.thenThrottle();
    }
    WriteBehindBatcher batcher = batcher(vertx, writer, settings(1, Duration.ZERO, 100, 4, Duration.ofMillis(150)));
    long start = System.nanoTime();

    batcher.submit(message("r", 1)).onComplete(test.failing(e -> test.verify(() -> {
      assertThat(e).isInstanceOf(StoreUnavailableException.class).hasCauseInstanceOf(FakeBatchWriter.Throttled.class);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(150);
      assertThat(writer.calls().size()).isBetween(2, 10);
      assertThat(writer.stored()).isEmpty();
      assertThat(registry.counter("pulsechat.store.rejected").count()).isEqualTo(1);
      assertThat(batcher.queueDepth()).isZero();
      test.completeNow();
    })));
  }

  @Test
  void aRefusedBatchFailsAtOnceWithoutTrippingTheBreaker(Vertx vertx, VertxTestContext test) {
    FakeBatchWriter writer = new FakeBatchWriter().then(b -> CompletableFuture.failedFuture(new FakeBatchWriter.Refused()));
    WriteBehindBatcher batcher = batcher(vertx, writer, settings(1, Duration.ZERO, 100, 4, LONG));

    batcher.submit(message("r", 1))
        .recover(e -> {
          test.verify(() -> assertThat(e).isInstanceOf(StoreUnavailableException.class));
          return batcher.submit(message("r", 2));
        })
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertThat(writer.calls()).hasSize(2);
          assertThat(writer.stored()).containsExactly(message("r", 2));
          test.completeNow();
        })));
  }

  @Test
  void aFullQueueRefusesAtOnce(Vertx vertx, VertxTestContext test) {
    CompletableFuture<List<ChatMessage>> storage = new CompletableFuture<>();
    FakeBatchWriter writer = new FakeBatchWriter().then(b -> storage);
    // Three items fill one batch, and that batch waits on `storage`.
    WriteBehindBatcher batcher = batcher(vertx, writer, settings(3, LONG, 3, 4, LONG));

    Future<?> accepted = submitAll(batcher, messages("r", 0, 3));
    Future<Void> refused = batcher.submit(message("r", 3));

    // Refused synchronously, while the first three still wait for storage.
    assertThat(refused.failed()).isTrue();
    assertThat(refused.cause()).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("queue full");
    assertThat(accepted.isComplete()).isFalse();
    assertThat(registry.counter("pulsechat.store.rejected").count()).isEqualTo(1);
    assertThat(registry.get("pulsechat.store.queue.depth").gauge().value()).isEqualTo(3);

    storage.complete(List.of());
    accepted.onComplete(test.succeeding(v -> test.verify(() -> {
      assertThat(writer.stored()).containsExactlyInAnyOrderElementsOf(messages("r", 0, 3));
      assertThat(registry.get("pulsechat.store.queue.depth").gauge().value()).isZero();
      test.completeNow();
    })));
  }

  @Test
  void atMostConcurrencyCallsAreInFlight(Vertx vertx, VertxTestContext test) {
    FakeBatchWriter writer = new FakeBatchWriter(50);
    WriteBehindBatcher batcher = batcher(vertx, writer, settings(1, Duration.ZERO, 100, 2, LONG));

    submitAll(batcher, messages("r", 0, 8)).onComplete(test.succeeding(v -> test.verify(() -> {
      assertThat(writer.calls()).hasSize(8);
      assertThat(writer.maxOutstanding()).isEqualTo(2);
      test.completeNow();
    })));
  }

  @Test
  void theBreakerFailsFastDuringTheCoolOffThenLetsOneTrialBatchThrough(Vertx vertx, VertxTestContext test) {
    AtomicLong clock = new AtomicLong();
    FakeBatchWriter writer = new FakeBatchWriter(30).thenThrottle();
    // No retry budget: the first throttled batch gives up and opens the breaker.
    WriteBehindSettings settings = new WriteBehindSettings(1, Duration.ZERO, 100, 4, Duration.ZERO,
        Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1), Duration.ofSeconds(5));
    WriteBehindBatcher batcher = new WriteBehindBatcher(vertx, writer, settings, registry, () -> 1.0, clock::get);

    batcher.submit(message("r", 1))
        .transform(first -> {
          test.verify(() -> assertThat(first.cause()).isInstanceOf(StoreUnavailableException.class));
          return batcher.submit(message("r", 2));
        })
        .transform(duringCoolOff -> {
          test.verify(() -> {
            assertThat(duringCoolOff.cause()).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("cool-off");
            assertThat(writer.calls()).hasSize(1);
          });
          clock.addAndGet(Duration.ofSeconds(1).toNanos());
          // Two batches at once: half open, the second waits for the trial to succeed.
          return submitAll(batcher, messages("r", 3, 5));
        })
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertThat(writer.calls()).hasSize(3);
          assertThat(writer.maxOutstanding()).isEqualTo(1);
          assertThat(writer.stored()).containsExactlyInAnyOrderElementsOf(messages("r", 3, 5));
          test.completeNow();
        })));
  }

  @Test
  void withAClosedBreakerTheSameTwoBatchesOverlap(Vertx vertx, VertxTestContext test) {
    // The control for the test above: without a trial, two batches are in flight together.
    // 300 ms of latency keeps the first call open even if the test thread stalls between submits.
    FakeBatchWriter writer = new FakeBatchWriter(300);
    WriteBehindBatcher batcher = batcher(vertx, writer, settings(1, Duration.ZERO, 100, 4, LONG));

    submitAll(batcher, messages("r", 3, 5)).onComplete(test.succeeding(v -> test.verify(() -> {
      assertThat(writer.maxOutstanding()).isEqualTo(2);
      test.completeNow();
    })));
  }

  @Test
  void aFailedTrialOpensTheBreakerAgain(Vertx vertx, VertxTestContext test) {
    AtomicLong clock = new AtomicLong();
    FakeBatchWriter writer = new FakeBatchWriter().thenThrottle().thenThrottle();
    WriteBehindSettings settings = new WriteBehindSettings(1, Duration.ZERO, 100, 4, Duration.ZERO,
        Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1), Duration.ofSeconds(5));
    WriteBehindBatcher batcher = new WriteBehindBatcher(vertx, writer, settings, registry, () -> 1.0, clock::get);

    batcher.submit(message("r", 1))
        .transform(first -> {
          clock.addAndGet(Duration.ofSeconds(1).toNanos());
          return batcher.submit(message("r", 2));
        })
        .transform(trial -> {
          test.verify(() -> assertThat(trial.cause()).isInstanceOf(StoreUnavailableException.class));
          return batcher.submit(message("r", 3));
        })
        .onComplete(test.failing(e -> test.verify(() -> {
          assertThat(e).hasMessageContaining("cool-off");
          assertThat(writer.calls()).hasSize(2);
          test.completeNow();
        })));
  }

  @Test
  void futuresCompleteOnTheCallersContext(Vertx vertx, VertxTestContext test) {
    // Latency 5 ms: the fake completes on a JDK timer thread, not on any Vert.x context.
    FakeBatchWriter writer = new FakeBatchWriter(5).thenThrottle();
    WriteBehindBatcher batcher = batcher(vertx, writer, settings(2, Duration.ofMillis(5), 1, 4, LONG));
    Context caller = vertx.getOrCreateContext();

    caller.runOnContext(v -> {
      Future<Void> stored = batcher.submit(message("r", 1));
      Future<Void> refused = batcher.submit(message("r", 2));
      Future.all(stored, refused.otherwiseEmpty()).compose(x -> batcher.flush())
          .onComplete(test.succeeding(x -> test.verify(() -> {
            assertThat(Vertx.currentContext()).isSameAs(caller);
            test.completeNow();
          })));
      stored.onComplete(ar -> test.verify(() -> assertThat(Vertx.currentContext()).isSameAs(caller)));
      refused.onComplete(ar -> test.verify(() -> {
        assertThat(ar.failed()).isTrue();
        assertThat(Vertx.currentContext()).isSameAs(caller);
      }));
    });
  }

  @Test
  void flushStoresWhatIsQueuedThenRefusesNewMessages(Vertx vertx, VertxTestContext test) {
    FakeBatchWriter writer = new FakeBatchWriter(10);
    // A 30 s window: only flush() can send this partial batch in time.
    WriteBehindBatcher batcher = batcher(vertx, writer, settings(25, LONG, 100, 4, LONG));

    Future<?> queued = submitAll(batcher, messages("r", 0, 3));
    batcher.flush()
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertThat(queued.succeeded()).isTrue();
          assertThat(writer.stored()).containsExactlyInAnyOrderElementsOf(messages("r", 0, 3));
        })))
        .compose(v -> batcher.submit(message("r", 9)))
        .onComplete(test.failing(e -> test.verify(() -> {
          assertThat(e).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("shutting down");
          test.completeNow();
        })));
  }

  @Test
  void flushFailsWhenTheQueueDoesNotDrainWithinTheGrace(Vertx vertx, VertxTestContext test) {
    FakeBatchWriter writer = new FakeBatchWriter().then(b -> new CompletableFuture<>());
    WriteBehindSettings settings = new WriteBehindSettings(25, Duration.ZERO, 100, 4, LONG,
        Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMillis(100));
    WriteBehindBatcher batcher = batcher(vertx, writer, settings);

    batcher.submit(message("r", 1));
    batcher.flush().onComplete(test.failing(e -> test.verify(() -> {
      assertThat(e).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("1 messages");
      test.completeNow();
    })));
  }
}
