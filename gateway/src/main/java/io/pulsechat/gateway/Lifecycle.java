package io.pulsechat.gateway;

import java.util.concurrent.atomic.AtomicReference;

/** Where the gateway is in its life; /health answers 200 only while it serves. Thread-safe. */
public final class Lifecycle {
  public enum State { STARTING, SERVING, DRAINING, STOPPED }

  private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);

  public State state() {
    return state.get();
  }

  public boolean serving() {
    return state.get() == State.SERVING;
  }

  /** True from the moment shutdown begins: no new messages are accepted. */
  public boolean draining() {
    State s = state.get();
    return s == State.DRAINING || s == State.STOPPED;
  }

  public void moveTo(State next) {
    state.set(next);
  }
}
