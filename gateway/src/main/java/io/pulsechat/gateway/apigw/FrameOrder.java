package io.pulsechat.gateway.apigw;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Puts each connection's frames back in the order API Gateway received them. API Gateway invokes
 * the integration for each frame on its own, through a load balancer that may pick a different
 * instance each time, and the frames that went through another instance reach the home later: a
 * quick {@code send}, {@code send} could be stored in the wrong order. So the home holds every
 * frame for a short window and hands them on by API Gateway's receive time ({@code
 * X-PulseChat-Received-At}; equal times in the order they arrived here). A frame later than the
 * window is handed on at once, after frames API Gateway received after it, and counted. Frames
 * without the header go on at once. Memory: what one connection sends within the window (API
 * Gateway's own rate limits bound it). Confined to the front door's event loop.
 */
final class FrameOrder {
  private static final Comparator<Held> ORDER =
      Comparator.comparingLong(Held::receivedAt).thenComparingLong(Held::arrival);

  private record Held(long receivedAt, long arrival, Message<Inbound.Frame> message) {
  }

  /** One connection's held frames and the receive time of the last one handed on. */
  private static final class Line {
    final PriorityQueue<Held> held = new PriorityQueue<>(ORDER);
    long lastReleased = Long.MIN_VALUE;
  }

  private final Vertx vertx;
  private final long windowMillis;
  private final Consumer<Message<Inbound.Frame>> next;
  private final Runnable late;
  private final Map<String, Line> lines = new HashMap<>();
  private long arrivals;

  /** Hands frames to {@code next} in order after {@code windowMillis} (0: at once); {@code late} counts late ones. */
  FrameOrder(Vertx vertx, long windowMillis, Consumer<Message<Inbound.Frame>> next, Runnable late) {
    this.vertx = vertx;
    this.windowMillis = windowMillis;
    this.next = next;
    this.late = late;
  }

  void accept(Message<Inbound.Frame> message) {
    Inbound.Frame frame = message.body();
    if (windowMillis <= 0 || frame.receivedAt() < 0) {
      next.accept(message);
      return;
    }
    Line line = lines.computeIfAbsent(frame.connectionId(), id -> new Line());
    Held held = new Held(frame.receivedAt(), arrivals++, message);
    if (held.receivedAt() < line.lastReleased) {
      // A frame received after this one has gone on already: waiting would not restore the order.
      late.run();
      next.accept(message);
      return;
    }
    line.held.add(held);
    vertx.setTimer(windowMillis, id -> releaseUpTo(frame.connectionId(), held));
  }

  /** The connection is gone: its line is forgotten; returns the frames it still held, unhandled. */
  List<Message<Inbound.Frame>> forget(String connectionId) {
    Line line = lines.remove(connectionId);
    return line == null ? List.of() : line.held.stream().map(Held::message).toList();
  }

  /** {@code upTo}'s window is over: it, and every frame received before it, go on in order. */
  private void releaseUpTo(String connectionId, Held upTo) {
    Line line = lines.get(connectionId);
    if (line == null) {
      return;
    }
    while (!line.held.isEmpty() && ORDER.compare(line.held.peek(), upTo) <= 0) {
      Held held = line.held.poll();
      line.lastReleased = Math.max(line.lastReleased, held.receivedAt());
      next.accept(held.message());
    }
  }
}
