package io.pulsechat.gateway.ws;

import io.pulsechat.gateway.metrics.DeliveryTrace;
import io.vertx.core.Context;
import java.util.ArrayList;

/**
 * Flushes the connections of one event loop once per pass of its task queue instead of once
 * per frame. Frames written while a burst of broadcasts is queued leave in one syscall per
 * connection, which is where most of the fan-out CPU goes (the kernel's per-write cost).
 * Used on its event loop only.
 */
final class Flusher {
  private final Context context;
  private final DeliveryTrace trace;
  private ArrayList<WebSocketConnection> dirty = new ArrayList<>();
  private ArrayList<WebSocketConnection> spare = new ArrayList<>();

  Flusher(Context context, DeliveryTrace trace) {
    this.context = context;
    this.trace = trace;
  }

  /** The connection has unflushed frames; it asks once until {@link WebSocketConnection#flush()}. */
  void schedule(WebSocketConnection connection) {
    if (dirty.isEmpty()) {
      context.runOnContext(v -> flushAll());
    }
    dirty.add(connection);
  }

  private void flushAll() {
    long start = trace.on() ? System.nanoTime() : 0;
    ArrayList<WebSocketConnection> now = dirty;
    dirty = spare;
    spare = now;
    for (int i = 0; i < now.size(); i++) {
      now.get(i).flush();
    }
    now.clear();
    if (trace.on()) {
      trace.flushed(start);
    }
  }
}
