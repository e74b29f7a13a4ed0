package io.pulsechat.gateway.store;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Trips when a batch exhausted its retries, so that senders hear {@code unavailable} at once
 * instead of queueing behind a storage outage for the whole retry budget. After the cool-off
 * one trial batch goes out; its success closes the breaker, its exhaustion opens it again.
 *
 * <p>Not thread-safe: {@link WriteBehindBatcher} uses it from its own context only.
 */
final class CircuitBreaker {
  enum State { CLOSED, OPEN, HALF_OPEN }

  private final long coolOffNanos;
  private final LongSupplier nanoClock;
  private State state = State.CLOSED;
  private long openUntil;
  private boolean trialInFlight;

  CircuitBreaker(Duration coolOff, LongSupplier nanoClock) {
    this.coolOffNanos = coolOff.toNanos();
    this.nanoClock = nanoClock;
  }

  /** Whether a new message must be refused now; moves an expired OPEN to HALF_OPEN. */
  boolean rejectsAppends() {
    if (state == State.OPEN && nanoClock.getAsLong() - openUntil >= 0) {
      state = State.HALF_OPEN;
      trialInFlight = false;
    }
    return state == State.OPEN;
  }

  /** Whether another batch may be sent: any number when closed, one trial when half open. */
  boolean allowsDispatch() {
    return switch (state) {
      case CLOSED -> true;
      case HALF_OPEN -> !trialInFlight;
      case OPEN -> false;
    };
  }

  void onDispatch() {
    if (state == State.HALF_OPEN) {
      trialInFlight = true;
    }
  }

  void onBatchStored() {
    state = State.CLOSED;
    trialInFlight = false;
  }

  /** A batch gave up after its retry budget: storage looks down. */
  void onBatchExhausted() {
    state = State.OPEN;
    openUntil = nanoClock.getAsLong() + coolOffNanos;
    trialInFlight = false;
  }

  /** A batch failed for a reason that says nothing about storage health (a rejected request). */
  void onBatchRejected() {
    trialInFlight = false;
  }

  State state() {
    return state;
  }
}
