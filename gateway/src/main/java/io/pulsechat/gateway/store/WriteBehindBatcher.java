package io.pulsechat.gateway.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pulsechat.gateway.aws.Backoff;
import io.pulsechat.gateway.logging.ThrottledLog;
import io.pulsechat.gateway.protocol.ChatMessage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups appended messages into batch writes: a batch goes out when it holds
 * {@link WriteBehindSettings#maxItems()} messages or when its oldest message has waited
 * {@link WriteBehindSettings#window()}, with at most {@link WriteBehindSettings#concurrency()}
 * calls in flight. Unprocessed items and retryable failures are retried with jittered
 * exponential backoff until the retry budget is spent; then the messages fail with
 * {@link StoreUnavailableException} and a {@link CircuitBreaker} refuses appends for a cool-off.
 * A message queued longer than the retry budget is refused without being sent.
 *
 * <p>An answer is always true. When a call's outcome is unknown (it timed out: storage may still
 * apply it later), retries are safe because the writer's writes are conditional, and a message
 * still unconfirmed when the budget is spent is {@linkplain BatchWriter#fence fenced} before it
 * is answered: acked if an earlier write landed, unavailable if the fence holds its key. When
 * even the fence gets no answer within another budget, the message is answered unavailable and
 * erased in the background until storage confirms it; {@link #writesFailing()} stays true
 * meanwhile. {@link WriteBehindSettings#answerWithin} chains the timeouts.
 *
 * <p>Threading: all mutable state below the "confined" line is touched only on {@link #context}
 * (the context current when the batcher was built, or a new one). {@link #submit} and
 * {@link #flush} hop onto it; their futures complete on the caller's context.
 */
public final class WriteBehindBatcher {
  private static final Logger LOG = LoggerFactory.getLogger(WriteBehindBatcher.class);
  private static final char KEY_SEPARATOR = '\u001f';
  /** An outage can leave thousands of messages unconfirmed: one line per interval for them. */
  private final ThrottledLog fenceLog = new ThrottledLog(LOG);

  private final Vertx vertx;
  private final Context context;
  private final BatchWriter writer;
  private final WriteBehindSettings settings;
  private final Backoff backoff;
  private final DoubleSupplier jitter;
  private final LongSupplier nanoClock;
  private final StoreMetrics metrics;
  /** Set while storage fails writes: from a failed call until a batch is stored again; read by /health. */
  private volatile boolean failing;
  /** Accepted and not yet settled; checked on the caller's thread so a full queue answers at once. */
  private final AtomicInteger depth = new AtomicInteger();
  /** Messages being fenced (unanswered) and erased (answered unavailable); written on context only. */
  private volatile int fencing;
  private volatile int erasing;

  // ---- confined to context ----
  private final CircuitBreaker breaker;
  private final ArrayDeque<Entry> queue = new ArrayDeque<>();
  private int inFlight;
  private long windowTimer = -1;
  private boolean windowElapsed;
  /** Set by the first flush(); from then on no message is accepted. */
  private Promise<Void> drained;

  public WriteBehindBatcher(Vertx vertx, BatchWriter writer, WriteBehindSettings settings, MeterRegistry registry) {
    this(vertx, writer, settings, registry, () -> ThreadLocalRandom.current().nextDouble(), System::nanoTime);
  }

  /** For tests: a fixed jitter makes backoff predictable, a fake clock drives the breaker. */
  WriteBehindBatcher(Vertx vertx, BatchWriter writer, WriteBehindSettings settings, MeterRegistry registry,
                     DoubleSupplier jitter, LongSupplier nanoClock) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.writer = writer;
    this.settings = settings;
    // The retry budget, not a number of attempts, ends the retries.
    this.backoff = new Backoff(settings.backoffBase(), settings.backoffCap(), Integer.MAX_VALUE);
    this.jitter = jitter;
    this.nanoClock = nanoClock;
    this.breaker = new CircuitBreaker(settings.coolOff(), nanoClock);
    this.metrics = new StoreMetrics(registry, depth);
  }

  /**
   * Queues a message; the future succeeds once storage confirmed it, or fails with
   * {@link StoreUnavailableException} (queue full, circuit open, shutting down, retries spent).
   */
  public Future<Void> submit(ChatMessage message) {
    Entry entry = new Entry(message, Vertx.currentContext(), Promise.promise(), nanoClock.getAsLong());
    if (!reserveSlot()) {
      metrics.rejected.increment();
      return Future.failedFuture(new StoreUnavailableException(
          "write queue full: " + settings.queueMax() + " messages wait for storage"));
    }
    context.runOnContext(v -> accept(entry));
    return entry.promise.future();
  }

  /**
   * Stops taking messages and completes once every accepted message is settled; fails with
   * {@link StoreUnavailableException} if that takes longer than the shutdown grace.
   */
  public Future<Void> flush() {
    Context caller = Vertx.currentContext();
    Promise<Void> result = Promise.promise();
    context.runOnContext(v -> {
      if (drained == null) {
        startDraining();
      }
      drained.future().onComplete(ar -> later(caller, () -> result.handle(ar)));
    });
    return result.future();
  }

  /**
   * Whether storage is failing writes now: the last call failed and none has succeeded since, or
   * messages whose writes timed out are not settled (fenced or erased) yet.
   */
  public boolean writesFailing() {
    return failing || fencing > 0 || erasing > 0;
  }

  /** Messages accepted and not yet settled (queued, in transit or being written). */
  public int queueDepth() {
    return depth.get();
  }

  private boolean reserveSlot() {
    while (true) {
      int current = depth.get();
      if (current >= settings.queueMax()) {
        return false;
      }
      if (depth.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  private void accept(Entry entry) {
    if (drained != null) {
      settle(entry, new StoreUnavailableException("the message store is shutting down"));
    } else if (breaker.rejectsAppends()) {
      settle(entry, new StoreUnavailableException("storage is unavailable; writes resume after a cool-off"));
    } else {
      queue.add(entry);
      pump();
    }
  }

  private void startDraining() {
    drained = Promise.promise();
    long graceMillis = Math.max(1, settings.shutdownGrace().toMillis());
    long timer = vertx.setTimer(graceMillis, id -> drained.tryFail(new StoreUnavailableException(
        depth.get() + " messages were still waiting for storage after " + settings.shutdownGrace())));
    drained.future().onComplete(ar -> vertx.cancelTimer(timer));
    LOG.info("Message store draining {} messages", depth.get());
    pump();
  }

  /** Sends every batch that is due and allowed; arms the window timer for a partial one. */
  private void pump() {
    while (!queue.isEmpty() && inFlight < settings.concurrency() && breaker.allowsDispatch()) {
      boolean due = queue.size() >= settings.maxItems() || windowElapsed || drained != null
          || settings.window().isZero();
      if (!due) {
        armWindow();
        break;
      }
      List<Entry> batch = takeBatch();
      if (!batch.isEmpty()) {
        dispatch(batch);
      }
    }
    if (queue.isEmpty()) {
      windowElapsed = false;
      if (windowTimer != -1) {
        vertx.cancelTimer(windowTimer);
        windowTimer = -1;
      }
    }
    if (drained != null && queue.isEmpty() && inFlight == 0 && fencing == 0) {
      drained.tryComplete();
    }
  }

  private void armWindow() {
    if (windowTimer == -1) {
      windowTimer = vertx.setTimer(Math.max(1, settings.window().toMillis()), id -> {
        windowTimer = -1;
        windowElapsed = !queue.isEmpty();
        pump();
      });
    }
  }

  /** Up to maxItems messages; those that waited longer than the retry budget are refused instead. */
  private List<Entry> takeBatch() {
    List<Entry> batch = new ArrayList<>(Math.min(queue.size(), settings.maxItems()));
    long staleBefore = nanoClock.getAsLong() - settings.retryBudget().toNanos();
    while (batch.size() < settings.maxItems() && !queue.isEmpty()) {
      Entry next = queue.poll();
      if (next.queuedNanos - staleBefore < 0) {
        settle(next, new StoreUnavailableException("the message waited longer than " + settings.retryBudget()
            + " for storage"));
      } else {
        batch.add(next);
      }
    }
    return batch;
  }

  private void dispatch(List<Entry> batch) {
    inFlight++;
    breaker.onDispatch();
    metrics.batchSize.record(batch.size());
    long deadline = nanoClock.getAsLong() + settings.retryBudget().toNanos();
    attempt(new Batch(Timer.start(), deadline), batch, 0);
  }

  private void attempt(Batch batch, List<Entry> entries, int retry) {
    call(() -> writer.write(entries.stream().map(Entry::message).toList())).onComplete(ar -> {
      if (ar.failed() && writer.outcomeUnknown(ar.cause())) {
        batch.inDoubt = true;
      }
      if (ar.succeeded()) {
        onWritten(batch, entries, ar.result(), retry);
      } else if (writer.isRetryable(ar.cause())) {
        retryLater(batch, entries, retry, ar.cause());
      } else {
        LOG.error("Storage refused a batch of {} messages; not retrying", entries.size(), ar.cause());
        failing = true;
        breaker.onBatchRejected();
        batchDone(batch);
        if (batch.inDoubt) {
          fence(entries);
        } else {
          entries.forEach(e -> settle(e, new StoreUnavailableException("storage refused the message", ar.cause())));
        }
        pump();
      }
    });
  }

  /** Runs one storage call; its future completes on our context. */
  private <T> Future<T> call(java.util.function.Supplier<java.util.concurrent.CompletionStage<T>> storageCall) {
    try {
      return Future.fromCompletionStage(storageCall.get(), context);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private void onWritten(Batch batch, List<Entry> entries, List<ChatMessage> unprocessed, int retry) {
    Set<String> left = new HashSet<>();
    unprocessed.forEach(m -> left.add(key(m)));
    List<Entry> stored = new ArrayList<>(entries.size());
    List<Entry> again = new ArrayList<>(left.size());
    for (Entry e : entries) {
      (left.contains(key(e.message)) ? again : stored).add(e);
    }
    if (again.isEmpty()) {
      failing = false;
      if (breaker.state() != CircuitBreaker.State.CLOSED) {
        LOG.info("Storage accepts writes again; closing the circuit");
      }
      breaker.onBatchStored();
      batchDone(batch);
    } else {
      retryLater(batch, again, retry, null);
    }
    stored.forEach(e -> settle(e, null));
    pump();
  }

  private void retryLater(Batch batch, List<Entry> entries, int retry, Throwable cause) {
    if (cause != null) {
      failing = true;
    }
    long remainingMillis = TimeUnit.NANOSECONDS.toMillis(batch.deadline - nanoClock.getAsLong());
    if (remainingMillis <= 0) {
      giveUp(batch, entries, cause);
      return;
    }
    metrics.retries.increment();
    long delay = Math.min(backoff.delayMillis(retry + 1, jitter.getAsDouble()), remainingMillis);
    LOG.debug("Retrying {} messages in {} ms (retry {})", entries.size(), delay, retry + 1, cause);
    if (delay == 0) {
      context.runOnContext(v -> attempt(batch, entries, retry + 1));
    } else {
      vertx.setTimer(delay, id -> attempt(batch, entries, retry + 1));
    }
  }

  private void giveUp(Batch batch, List<Entry> entries, Throwable cause) {
    LOG.warn("Storage did not take {} messages within the {} retry budget; refusing writes for {} (last error: {})",
        entries.size(), settings.retryBudget(), settings.coolOff(), cause == null ? "unprocessed items" : cause.toString());
    breaker.onBatchExhausted();
    batchDone(batch);
    if (batch.inDoubt) {
      fence(entries);
    } else {
      String reason = "storage did not accept the message within " + settings.retryBudget();
      entries.forEach(e -> settle(e, new StoreUnavailableException(reason, cause)));
    }
    // The queue would only run into the same outage; its senders hear unavailable now.
    while (!queue.isEmpty()) {
      settle(queue.poll(), new StoreUnavailableException("storage is unavailable; writes resume after a cool-off"));
    }
    pump();
  }

  /**
   * Messages some write of which may still land: each is answered once the fence says whether it
   * is stored, or, when the fence gets no answer within the retry budget, answered unavailable
   * and then erased until storage confirms.
   */
  private void fence(List<Entry> entries) {
    long deadline = nanoClock.getAsLong() + settings.retryBudget().toNanos();
    fencing += entries.size();
    entries.forEach(e -> fence(e, deadline, 0));
  }

  private void fence(Entry entry, long deadline, int retry) {
    call(() -> writer.fence(entry.message, false)).onComplete(ar -> {
      if (ar.succeeded()) {
        fencing--;
        settle(entry, ar.result() ? null : new StoreUnavailableException(
            "storage did not accept the message within " + settings.retryBudget()));
        pump();
        return;
      }
      long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - nanoClock.getAsLong());
      if (remainingMillis > 0) {
        long delay = Math.min(backoff.delayMillis(retry + 1, jitter.getAsDouble()), remainingMillis);
        vertx.setTimer(Math.max(1, delay), id -> fence(entry, deadline, retry + 1));
        return;
      }
      fenceLog.warn("Storage did not answer about message {} of room {}; answering unavailable and erasing it ({})",
          entry.message.id(), entry.message.room(), ar.cause().toString());
      fencing--;
      erasing++;
      settle(entry, new StoreUnavailableException("storage did not answer; the message will not be stored"));
      erase(entry.message, 0);
      pump();
    });
  }

  /** Retried until storage confirms, as long as this process runs: the sender was told "not stored". */
  private void erase(ChatMessage message, int retry) {
    call(() -> writer.fence(message, true)).onComplete(ar -> {
      if (ar.succeeded()) {
        erasing--;
      } else {
        vertx.setTimer(Math.max(1, backoff.delayMillis(retry + 1, jitter.getAsDouble())),
            id -> erase(message, retry + 1));
      }
    });
  }

  /** Ends a batch's bookkeeping; callers then settle its messages and pump. */
  private void batchDone(Batch batch) {
    inFlight--;
    batch.sample.stop(metrics.flush);
  }

  /**
   * Completes a message's future on its caller's context, always as a separate task: the
   * caller's handlers may call {@link #submit} again, and must not run inside our bookkeeping.
   */
  private void settle(Entry entry, Throwable failure) {
    depth.decrementAndGet();
    if (failure != null) {
      metrics.rejected.increment();
    }
    later(entry.caller, () -> {
      if (failure == null) {
        entry.promise.complete();
      } else {
        entry.promise.fail(failure);
      }
    });
  }

  /** Runs {@code action} as a new task on the caller's context, or on ours for a caller outside Vert.x. */
  private void later(Context caller, Runnable action) {
    (caller == null ? context : caller).runOnContext(v -> action.run());
  }

  static String key(ChatMessage message) {
    return message.room() + KEY_SEPARATOR + message.id();
  }

  private record Entry(ChatMessage message, Context caller, Promise<Void> promise, long queuedNanos) {
  }

  /** One dispatched batch; confined to context. */
  private static final class Batch {
    final Timer.Sample sample;
    final long deadline;
    /** Set when a call of it failed with its outcome unknown: its unconfirmed messages are fenced. */
    boolean inDoubt;

    Batch(Timer.Sample sample, long deadline) {
      this.sample = sample;
      this.deadline = deadline;
    }
  }
}
