package io.pulsechat.gateway.store;

import io.pulsechat.gateway.protocol.ChatMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A scripted {@link BatchWriter}: each call takes the next scripted answer (or stores everything
 * when the script is empty), completes after {@code latencyMillis} on a foreign thread, and
 * records what it was sent and how many calls overlapped.
 */
final class FakeBatchWriter implements BatchWriter {
  /** A failure the fake declares retryable, like throttling. */
  static final class Throttled extends RuntimeException {
    Throttled() {
      super("throttled (simulated)", null, false, false);
    }
  }

  /** A failure the fake declares permanent, like a validation error. */
  static final class Refused extends RuntimeException {
    Refused() {
      super("refused (simulated)", null, false, false);
    }
  }

  private final Queue<Function<List<ChatMessage>, CompletionStage<List<ChatMessage>>>> script = new ArrayDeque<>();
  private final List<List<ChatMessage>> calls = new ArrayList<>();
  private final List<ChatMessage> stored = new ArrayList<>();
  private final AtomicInteger outstanding = new AtomicInteger();
  private final AtomicInteger maxOutstanding = new AtomicInteger();
  private final Executor executor;

  FakeBatchWriter(long latencyMillis) {
    this.executor = CompletableFuture.delayedExecutor(latencyMillis, TimeUnit.MILLISECONDS);
  }

  FakeBatchWriter() {
    this(0);
  }

  synchronized FakeBatchWriter then(Function<List<ChatMessage>, CompletionStage<List<ChatMessage>>> answer) {
    script.add(answer);
    return this;
  }

  FakeBatchWriter thenThrottle() {
    return then(batch -> CompletableFuture.failedFuture(new Throttled()));
  }

  FakeBatchWriter thenLeaveUnprocessed(int lastN) {
    return then(batch -> CompletableFuture.completedFuture(batch.subList(batch.size() - lastN, batch.size())));
  }

  @Override
  public CompletionStage<List<ChatMessage>> write(List<ChatMessage> batch) {
    Function<List<ChatMessage>, CompletionStage<List<ChatMessage>>> answer;
    synchronized (this) {
      calls.add(List.copyOf(batch));
      answer = script.poll();
    }
    int now = outstanding.incrementAndGet();
    maxOutstanding.accumulateAndGet(now, Math::max);
    CompletableFuture<List<ChatMessage>> result = new CompletableFuture<>();
    executor.execute(() -> {
      CompletionStage<List<ChatMessage>> stage = answer != null ? answer.apply(batch)
          : CompletableFuture.completedFuture(List.of());
      stage.whenComplete((unprocessed, failure) -> {
        outstanding.decrementAndGet();
        if (failure != null) {
          result.completeExceptionally(failure);
        } else {
          synchronized (this) {
            batch.stream().filter(m -> !unprocessed.contains(m)).forEach(stored::add);
          }
          result.complete(unprocessed);
        }
      });
    });
    return result;
  }

  @Override
  public boolean isRetryable(Throwable failure) {
    return !(failure instanceof Refused);
  }

  synchronized List<List<ChatMessage>> calls() {
    return List.copyOf(calls);
  }

  synchronized List<Integer> callSizes() {
    return calls.stream().map(List::size).toList();
  }

  synchronized List<ChatMessage> stored() {
    return List.copyOf(stored);
  }

  int maxOutstanding() {
    return maxOutstanding.get();
  }
}
