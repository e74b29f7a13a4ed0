package io.pulsechat.gateway.apigw;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A connection's frames, overtaking each other on their way to the home, are handed on in API Gateway's order. */
class FrameOrderTest {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setCodecName(InboundCodec.NAME);

  private Vertx vertx;
  private final List<String> handled = new CopyOnWriteArrayList<>();
  private final AtomicInteger late = new AtomicInteger();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    InboundCodec.registerOn(vertx.eventBus());
  }

  /** The front door's side: frames handed on in order after {@code windowMillis}. */
  private void order(long windowMillis) throws Exception {
    CompletableFuture<Void> ready = new CompletableFuture<>();
    vertx.runOnContext(v -> {
      FrameOrder order = new FrameOrder(vertx, windowMillis, m -> handled.add(m.body().text()),
          late::incrementAndGet);
      vertx.eventBus().<Inbound.Frame>consumer("frames", order::accept).completion()
          .onComplete(ar -> ready.complete(null));
    });
    ready.get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aFrameThatOvertookAnEarlierOneWaitsForIt() throws Exception {
    order(2_000);
    send("c1", "second", 2_000);
    send("c2", "other connection", 1_500);
    send("c1", "first", 1_000);
    waitFor(3);
    assertThat(handled).containsSubsequence("first", "second").contains("other connection");
    assertThat(late).hasValue(0);
  }

  @Test
  void framesReceivedInTheSameMillisecondKeepTheirArrivalOrder() throws Exception {
    order(2_000);
    send("c1", "a", 1_000);
    send("c1", "b", 1_000);
    send("c1", "c", 1_000);
    waitFor(3);
    assertThat(handled).containsExactly("a", "b", "c");
  }

  @Test
  void aFrameLaterThanTheWindowGoesOnAtOnceAndIsCounted() throws Exception {
    order(100);
    send("c1", "second", 2_000);
    waitFor(1);
    send("c1", "first, too late", 1_000);
    waitFor(2);
    assertThat(handled).containsExactly("second", "first, too late");
    assertThat(late).hasValue(1);
  }

  @Test
  void framesWithoutAReceiveTimeAreNotHeld() throws Exception {
    order(60_000);
    send("c1", "held for a minute", 1_000);
    send("c1", "untimed", -1);
    waitFor(1);
    assertThat(handled).containsExactly("untimed");
  }

  private void send(String connection, String text, long receivedAt) {
    vertx.eventBus().send("frames", new Inbound.Frame(connection, text, receivedAt, null), LOCAL);
  }

  private void waitFor(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (handled.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(handled).hasSizeGreaterThanOrEqualTo(count);
  }
}
