package io.pulsechat.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulsechat.gateway.aws.Backoff;
import io.pulsechat.gateway.aws.FakeAwsEndpoint;
import io.pulsechat.gateway.aws.FakeAwsEndpoint.Reply;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The publisher against a local stand-in for EventBridge that checks what the SDK sends. */
class EventBridgePublisherTest {
  private static final String JSON_11 = "application/x-amz-json-1.1";
  private static final Backoff FAST = new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), 4);

  private Vertx vertx;
  private FakeAwsEndpoint fake;
  private SimpleMeterRegistry registry;
  private Context context;
  private EventBridgePublisher publisher;
  private final AtomicInteger calls = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    registry = new SimpleMeterRegistry();
    fake = FakeAwsEndpoint.start(vertx, req -> Future.succeededFuture(success(entries(req).size())));
    context = vertx.getOrCreateContext();
  }

  @AfterEach
  void stop() throws Exception {
    fake.close();
    await(vertx.close());
  }

  private void publisher(int buffer, int maxInFlight) {
    publisher = new EventBridgePublisher(FakeAwsEndpoint.clients().eventBridge(Optional.of(fake.uri())), context,
        new EventBridgePublisher.Settings("test-bus", buffer, maxInFlight, FAST), registry);
  }

  @Test
  void sendsSignedPutEventsOfAtMostTenEntries() throws Exception {
    publisher(1000, 4);
    publishOnContext(25, i -> new ChatEvent(ChatEvent.MESSAGE_CREATED, new JsonObject().put("n", i).encode()));
    await(publisher.flush());

    assertThat(fake.requests()).hasSizeGreaterThanOrEqualTo(3);
    List<Integer> seen = new ArrayList<>();
    for (FakeAwsEndpoint.Request r : fake.requests()) {
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.headers().get("X-Amz-Target")).isEqualTo("AWSEvents.PutEvents");
      assertThat(r.headers().get("Content-Type")).startsWith(JSON_11);
      assertThat(r.headers().get("Authorization")).matches(FakeAwsEndpoint.sigV4("events"));
      JsonArray entries = entries(r);
      assertThat(entries.size()).isBetween(1, 10);
      for (int i = 0; i < entries.size(); i++) {
        JsonObject e = entries.getJsonObject(i);
        assertThat(e.getString("Source")).isEqualTo("pulsechat");
        assertThat(e.getString("DetailType")).isEqualTo("MessageCreated");
        assertThat(e.getString("EventBusName")).isEqualTo("test-bus");
        seen.add(new JsonObject(e.getString("Detail")).getInteger("n"));
      }
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(range(25));
    assertThat(counter(EventMeters.PUBLISHED, "detailType", "MessageCreated")).isEqualTo(25);
    assertThat(publisher.unresolved()).isZero();
  }

  @Test
  void resendsOnlyTheEntriesThatFailedAndDropsRejectedOnes() throws Exception {
    fake.respondWith(req -> {
      JsonArray entries = entries(req);
      if (calls.getAndIncrement() > 0) {
        return Future.succeededFuture(success(entries.size()));
      }
      JsonArray results = new JsonArray();
      for (int i = 0; i < entries.size(); i++) {
        results.add(i == 1 || i == 3 ? error("ThrottlingException") : i == 5 ? error("MalformedDetail")
            : new JsonObject().put("EventId", "id-" + i));
      }
      return Future.succeededFuture(Reply.ok(JSON_11,
          new JsonObject().put("FailedEntryCount", 3).put("Entries", results).encode()));
    });
    publisher(1000, 1);
    publishOnContext(10, i -> new ChatEvent(ChatEvent.SENTIMENT_ALERT, new JsonObject().put("n", i).encode()));
    await(publisher.flush());

    assertThat(fake.requests()).hasSize(2);
    assertThat(numbers(fake.requests().get(0))).containsExactlyElementsOf(range(10));
    assertThat(numbers(fake.requests().get(1))).containsExactly(1, 3);
    assertThat(counter(EventMeters.DROPPED, "reason", "rejected")).isEqualTo(1);
    assertThat(publisher.unresolved()).isZero();
  }

  @Test
  void throttledCallsAreRetriedWithBackoff() throws Exception {
    fake.respondWith(req -> calls.getAndIncrement() < 2
        ? Future.succeededFuture(new Reply(400, JSON_11,
            "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}", "ThrottlingException"))
        : Future.succeededFuture(success(entries(req).size())));
    publisher(1000, 1);
    publishOnContext(3, i -> ChatEvent.modelTrainingCompleted("v" + i, "s3://models/v" + i));
    await(publisher.flush());

    assertThat(fake.requests()).hasSize(3);
    assertThat(entries(fake.requests().get(2)).size()).isEqualTo(3);
    assertThat(registry.find(EventMeters.DROPPED).counters()).allMatch(c -> c.count() == 0);
  }

  @Test
  void givesUpAfterTheLastAttemptAndCountsIt() throws Exception {
    fake.respondWith(req -> Future.succeededFuture(new Reply(400, JSON_11,
        "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}", "ThrottlingException")));
    publisher(1000, 1);
    publishOnContext(2, i -> new ChatEvent(ChatEvent.SENTIMENT_ALERT, "{}"));
    await(publisher.flush());

    assertThat(fake.requests()).hasSize(FAST.maxAttempts());
    assertThat(counter(EventMeters.DROPPED, "reason", "retries_exhausted")).isEqualTo(2);
  }

  @Test
  void aFullBufferDropsNewEventsWithoutBlocking() throws Exception {
    List<Promise<Reply>> held = new CopyOnWriteArrayList<>();
    fake.respondWith(req -> {
      Promise<Reply> p = Promise.promise();
      held.add(p);
      return p.future();
    });
    publisher(10, 1);
    List<Boolean> taken = publishOnContext(25, i -> new ChatEvent(ChatEvent.MESSAGE_CREATED,
        new JsonObject().put("n", i).encode()));

    assertThat(taken.stream().filter(t -> t).count()).isEqualTo(10);
    assertThat(counter(EventMeters.DROPPED, "reason", "buffer_full")).isEqualTo(15);
    waitUntil(() -> held.size() == 1);
    held.get(0).complete(success(10));
    await(publisher.flush());
    assertThat(fake.requests()).hasSize(1);
    assertThat(numbers(fake.requests().get(0))).containsExactlyElementsOf(range(10));
  }

  /** Publishes from the publisher's own context, so that every event is queued before it drains. */
  private List<Boolean> publishOnContext(int n, IntFunction<ChatEvent> event) throws Exception {
    CompletableFuture<List<Boolean>> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      List<Boolean> taken = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        taken.add(publisher.publish(event.apply(i)));
      }
      done.complete(taken);
    });
    return done.get(10, TimeUnit.SECONDS);
  }

  private static JsonArray entries(FakeAwsEndpoint.Request r) {
    return new JsonObject(r.body()).getJsonArray("Entries");
  }

  private static List<Integer> numbers(FakeAwsEndpoint.Request r) {
    List<Integer> n = new ArrayList<>();
    entries(r).forEach(e -> n.add(new JsonObject(((JsonObject) e).getString("Detail")).getInteger("n")));
    return n;
  }

  private static Reply success(int n) {
    JsonArray results = new JsonArray();
    for (int i = 0; i < n; i++) {
      results.add(new JsonObject().put("EventId", "event-" + i));
    }
    return Reply.ok(JSON_11, new JsonObject().put("FailedEntryCount", 0).put("Entries", results).encode());
  }

  private static JsonObject error(String code) {
    return new JsonObject().put("ErrorCode", code).put("ErrorMessage", code + " for this entry");
  }

  private double counter(String name, String tag, String value) {
    var c = registry.find(name).tag(tag, value).counter();
    return c == null ? 0 : c.count();
  }

  private static List<Integer> range(int n) {
    List<Integer> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(i);
    }
    return list;
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(condition.getAsBoolean()).as("condition within 10 s").isTrue();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
