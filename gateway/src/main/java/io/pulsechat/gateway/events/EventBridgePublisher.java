package io.pulsechat.gateway.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulsechat.gateway.aws.Backoff;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Publishes events to an EventBridge bus off the hot path.
 *
 * <p>{@link #publish} only appends to a lock-free queue (bounded by {@code bufferSize}, which
 * counts every event not yet resolved: queued, waiting for a retry or in flight) and asks this
 * publisher's own context to drain it. Draining, sending and retrying all happen on that one
 * context, so the sending state needs no locks; SDK futures are brought back onto it.
 *
 * <p>Each PutEvents call carries at most 10 entries and stays under the 256 KB request limit
 * (the limit rose to 1 MB in 2026; 256 KB holds in every region). Entries EventBridge reports
 * as failed ({@code FailedEntryCount}, per-entry {@code ErrorCode}) are sent again with
 * backoff and jitter when the code is transient, as is a whole call that was throttled or hit
 * a server or network error.
 */
public final class EventBridgePublisher implements EventPublisher {
  static final int MAX_ENTRIES = 10;
  static final int MAX_REQUEST_BYTES = 256 * 1024;
  private static final Logger log = LoggerFactory.getLogger(EventBridgePublisher.class);
  /** Per-entry codes worth another try; the rest (MalformedDetail, AccessDenied...) never succeed. */
  private static final Set<String> TRANSIENT_CODES =
      Set.of("ThrottlingException", "InternalFailure", "InternalException", "ServiceUnavailable");

  /**
   * @param busName     the bus, from CHAT_EVENT_BUS
   * @param bufferSize  events not yet resolved before new ones are dropped
   * @param maxInFlight PutEvents calls at once
   */
  public record Settings(String busName, int bufferSize, int maxInFlight, Backoff backoff) {
  }

  private record Pending(ChatEvent event, int attempts) {
    Pending retried() {
      return new Pending(event, attempts + 1);
    }
  }

  private final EventBridgeAsyncClient client;
  private final Context context;
  private final Settings settings;
  private final MeterRegistry registry;
  private final Map<String, Counter> published = new ConcurrentHashMap<>();
  private final Map<String, Counter> dropped = new ConcurrentHashMap<>();
  private final Queue<Pending> incoming = new ConcurrentLinkedQueue<>();
  private final AtomicInteger unresolved = new AtomicInteger();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private volatile boolean closed;
  // Confined to the context:
  private final ArrayDeque<Pending> retries = new ArrayDeque<>();
  private final List<Promise<Void>> flushWaiters = new ArrayList<>();
  private int inFlight;

  /** {@code context}: where sending runs; a context of its own keeps it off the chat's loops. */
  public EventBridgePublisher(EventBridgeAsyncClient client, Context context, Settings settings,
                              MeterRegistry registry) {
    this.client = client;
    this.context = context;
    this.settings = settings;
    this.registry = registry;
  }

  @Override
  public boolean publish(ChatEvent event) {
    if (closed) {
      return drop(event, "closed");
    }
    if (event.entrySize() > MAX_REQUEST_BYTES) {
      return drop(event, "too_large");
    }
    if (unresolved.incrementAndGet() > settings.bufferSize()) {
      unresolved.decrementAndGet();
      return drop(event, "buffer_full");
    }
    incoming.offer(new Pending(event, 1));
    published.computeIfAbsent(event.detailType(), type -> EventMeters.published(registry, type)).increment();
    if (drainScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
    return true;
  }

  @Override
  public Future<Void> flush() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      flushWaiters.add(done);
      completeFlushes();
    });
    return done.future();
  }

  @Override
  public Future<Void> close() {
    closed = true;
    return flush().eventually(() -> {
      client.close();
      return Future.succeededFuture();
    });
  }

  /** Events taken but not yet sent or given up on. */
  int unresolved() {
    return unresolved.get();
  }

  private void drain() {
    drainScheduled.set(false);
    while (inFlight < settings.maxInFlight()) {
      List<Pending> batch = nextBatch();
      if (batch.isEmpty()) {
        break;
      }
      send(batch);
    }
    completeFlushes();
  }

  /** Retries first (they are the oldest), then new events, up to 10 entries and the size limit. */
  private List<Pending> nextBatch() {
    List<Pending> batch = new ArrayList<>(MAX_ENTRIES);
    int bytes = 0;
    while (batch.size() < MAX_ENTRIES) {
      Queue<Pending> source = retries.isEmpty() ? incoming : retries;
      Pending next = source.peek();
      if (next == null || bytes + next.event().entrySize() > MAX_REQUEST_BYTES) {
        break;
      }
      source.poll();
      bytes += next.event().entrySize();
      batch.add(next);
    }
    return batch;
  }

  private void send(List<Pending> batch) {
    inFlight++;
    List<PutEventsRequestEntry> entries = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      entries.add(PutEventsRequestEntry.builder().eventBusName(settings.busName()).source(ChatEvent.SOURCE)
          .detailType(p.event().detailType()).detail(p.event().detail()).build());
    }
    Future.fromCompletionStage(client.putEvents(PutEventsRequest.builder().entries(entries).build()), context)
        .onComplete(ar -> {
          inFlight--;
          if (ar.succeeded()) {
            answered(batch, ar.result());
          } else {
            failed(batch, ar.cause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : ar.cause());
          }
          drain();
        });
  }

  private void answered(List<Pending> batch, PutEventsResponse response) {
    if (response.failedEntryCount() == null || response.failedEntryCount() == 0) {
      unresolved.addAndGet(-batch.size());
      return;
    }
    List<PutEventsResultEntry> results = response.entries();
    List<Pending> again = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      // Results come in request order; a missing result is treated as a transient failure.
      String code = i < results.size() ? results.get(i).errorCode() : "InternalFailure";
      if (code == null) {
        unresolved.decrementAndGet();
      } else if (TRANSIENT_CODES.contains(code)) {
        again.add(batch.get(i));
      } else {
        log.warn("EventBridge rejected a {} event: {} {}", batch.get(i).event().detailType(), code,
            results.get(i).errorMessage());
        resolveDropped(batch.get(i), "rejected");
      }
    }
    retryLater(again);
  }

  private void failed(List<Pending> batch, Throwable cause) {
    boolean transientFailure = cause instanceof SdkClientException
        || cause instanceof AwsServiceException e && (e.isThrottlingException() || e.statusCode() >= 500);
    if (transientFailure) {
      log.debug("PutEvents failed, will retry: {}", cause.toString());
      retryLater(batch);
    } else {
      log.warn("PutEvents failed for {} events, which are dropped: {}", batch.size(), cause.toString());
      batch.forEach(p -> resolveDropped(p, "rejected"));
    }
  }

  private void retryLater(List<Pending> failed) {
    List<Pending> again = new ArrayList<>(failed.size());
    int attempts = 0;
    for (Pending p : failed) {
      if (settings.backoff().allowsRetry(p.attempts())) {
        again.add(p.retried());
        attempts = Math.max(attempts, p.attempts());
      } else {
        resolveDropped(p, "retries_exhausted");
      }
    }
    if (!again.isEmpty()) {
      context.owner().setTimer(settings.backoff().delayMillis(attempts), id -> {
        retries.addAll(again);
        drain();
      });
    }
  }

  private void resolveDropped(Pending p, String reason) {
    unresolved.decrementAndGet();
    drop(p.event(), reason);
  }

  private boolean drop(ChatEvent event, String reason) {
    dropped.computeIfAbsent(reason, r -> EventMeters.dropped(registry, r)).increment();
    return false;
  }

  private void completeFlushes() {
    if (unresolved.get() == 0 && !flushWaiters.isEmpty()) {
      List<Promise<Void>> waiting = new ArrayList<>(flushWaiters);
      flushWaiters.clear();
      waiting.forEach(Promise::tryComplete);
    }
  }
}
