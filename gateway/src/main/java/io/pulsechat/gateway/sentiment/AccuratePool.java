package io.pulsechat.gateway.sentiment;

import io.pulsechat.gateway.metrics.GatewayMetrics;
import io.pulsechat.sentiment.AccurateModel;
import io.pulsechat.sentiment.Sentiment;
import io.pulsechat.sentiment.SentimentScorer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores messages with the accurate model on a few daemon threads of its own, never an event
 * loop. Messages that arrive together are encoded as one batch. The queue is bounded: a message
 * that finds it full is scored by the fast model at once, and (in {@link SentimentMode#AUTO}) a
 * message still without a score after {@code maxWait} is scored by the fast model on a timer of its
 * own loop, whether it is still queued or in a batch being encoded, so no message waits longer.
 * Each message's sentiment names the model that scored it.
 *
 * <p>In AUTO the pool also keeps to a CPU budget ({@link CpuBudget}): a share of the machine's cores
 * over a sliding window. Past it, new messages and batches not yet begun get the fast model's
 * score, so the encoder never takes the cores the event loops need.
 *
 * <p>Results complete on the context that asked, so a room's owner sees its futures on its own
 * loop and keeps releasing messages in acceptance order.
 */
public final class AccuratePool implements AsyncScorer, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AccuratePool.class);

  /**
   * @param threads worker threads encoding batches
   * @param queue messages waiting at most; past it they are scored by the fast model
   * @param batch messages encoded together at most
   * @param maxWait in AUTO, a message that waited longer is scored by the fast model
   * @param cpuShare in AUTO, the share of the machine's cores the pool may keep busy (0 to 1)
   * @param cpuWindow in AUTO, the span over which the pool's busy time is measured
   */
  public record Settings(int threads, int queue, int batch, Duration maxWait, double cpuShare, Duration cpuWindow) {
    /** No CPU budget beyond the threads: the pool may keep every core busy. */
    public Settings(int threads, int queue, int batch, Duration maxWait) {
      this(threads, queue, batch, maxWait, 1.0, Duration.ofSeconds(1));
    }
  }

  /** One message's request; the first of the worker and the deadline to claim it answers it. */
  private record Job(String text, Context context, Promise<Sentiment> promise, AtomicBoolean answered) {
    boolean claim() {
      return answered.compareAndSet(false, true);
    }

    boolean isAnswered() {
      return answered.get();
    }
  }

  private final Supplier<SentimentScorer> fast;
  private final Supplier<AccurateModel.Bound> accurate;
  private final SentimentMode mode;
  private final Settings settings;
  private final GatewayMetrics metrics;
  private final BlockingQueue<Job> queue;
  /** Null outside AUTO: ACCURATE waits for the accurate model whatever it costs. */
  private final CpuBudget budget;
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean closed;

  public AccuratePool(Supplier<SentimentScorer> fast, Supplier<AccurateModel.Bound> accurate, SentimentMode mode,
                      Settings settings, GatewayMetrics metrics) {
    this(fast, accurate, mode, settings, metrics, Runtime.getRuntime().availableProcessors(), System::nanoTime);
  }

  /** With the machine's {@code cores} and a {@code clock} of nanoseconds for the CPU budget. */
  AccuratePool(Supplier<SentimentScorer> fast, Supplier<AccurateModel.Bound> accurate, SentimentMode mode,
               Settings settings, GatewayMetrics metrics, int cores, LongSupplier clock) {
    this.budget = mode == SentimentMode.AUTO ? new CpuBudget(settings.cpuShare() * cores, settings.cpuWindow(), clock) : null;
    this.fast = fast;
    this.accurate = accurate;
    this.mode = mode;
    this.settings = settings;
    this.metrics = metrics;
    this.queue = new ArrayBlockingQueue<>(settings.queue());
    for (int i = 0; i < settings.threads(); i++) {
      Thread t = new Thread(this::work, "sentiment-accurate-" + i);
      t.setDaemon(true);
      t.start();
      workers.add(t);
    }
  }

  @Override
  public Future<Sentiment> scoreAsync(String text) {
    Context context = Vertx.currentContext();
    if (context == null || closed) {
      return Future.succeededFuture(score(text));
    }
    if (budget != null && !budget.admits()) {
      metrics.sentimentFallback("cpu-budget");
      return Future.succeededFuture(score(text));
    }
    Promise<Sentiment> promise = Promise.promise();
    Job job = new Job(text, context, promise, new AtomicBoolean());
    if (!queue.offer(job)) {
      metrics.sentimentFallback("queue-full");
      return Future.succeededFuture(score(text));
    }
    if (mode == SentimentMode.AUTO) {
      // The timer fires on this same context, so the fast answer completes where the caller waits.
      context.owner().setTimer(Math.max(1, settings.maxWait().toMillis()), id -> {
        if (job.claim()) {
          metrics.sentimentFallback("waited");
          promise.complete(score(text));
        }
      });
    }
    return promise.future();
  }

  /** The fast model's answer, at once. */
  @Override
  public Sentiment score(String text) {
    metrics.sentimentScored("fast");
    return fast.get().score(text);
  }

  private void work() {
    List<Job> batch = new ArrayList<>(settings.batch());
    while (!closed) {
      batch.clear();
      try {
        Job first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(batch, settings.batch() - 1);
      // Jobs their deadline already answered are not encoded at all.
      List<Job> accurateJobs = new ArrayList<>(batch.size());
      for (Job job : batch) {
        if (!job.isAnswered()) {
          accurateJobs.add(job);
        }
      }
      if (accurateJobs.isEmpty()) {
        continue;
      }
      if (budget != null && !budget.admits()) {
        // Queued before the budget ran out: answered now rather than at their deadline.
        fallBack(accurateJobs, "cpu-budget");
        continue;
      }
      long start = budget == null ? 0 : budget.begin();
      try {
        scoreBatch(accurateJobs);
      } finally {
        if (budget != null) {
          budget.end(start);
        }
      }
    }
  }

  private void scoreBatch(List<Job> jobs) {
    List<String> texts = new ArrayList<>(jobs.size());
    for (Job job : jobs) {
      texts.add(job.text());
    }
    List<Sentiment> scored;
    try {
      scored = accurate.get().scoreBatch(texts);
    } catch (RuntimeException e) {
      log.warn("The accurate model failed on a batch of {}; scoring it with the fast model: {}", jobs.size(), e.toString());
      fallBack(jobs, "error");
      return;
    }
    for (int i = 0; i < jobs.size(); i++) {
      Job job = jobs.get(i);
      // A job whose deadline passed while its batch was encoded has had the fast answer already.
      if (job.claim()) {
        metrics.sentimentScored("accurate");
        complete(job, scored.get(i));
      }
    }
  }

  private void fallBack(List<Job> jobs, String reason) {
    for (Job job : jobs) {
      if (job.claim()) {
        metrics.sentimentFallback(reason);
        complete(job, score(job.text()));
      }
    }
  }

  private static void complete(Job job, Sentiment sentiment) {
    job.context().runOnContext(v -> job.promise().complete(sentiment));
  }

  /** Stops the workers; messages still queued are scored by the fast model. */
  @Override
  public void close() {
    closed = true;
    workers.forEach(Thread::interrupt);
    for (Thread t : workers) {
      try {
        t.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // A job offered while closing is still answered.
    List<Job> left = new ArrayList<>();
    queue.drainTo(left);
    for (Job job : left) {
      if (job.claim()) {
        complete(job, score(job.text()));
      }
    }
  }
}
