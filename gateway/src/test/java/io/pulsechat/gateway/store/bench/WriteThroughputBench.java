package io.pulsechat.gateway.store.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.store.DynamoDbBatchWriter;
import io.pulsechat.gateway.store.DynamoDbTables;
import io.pulsechat.gateway.store.EmbeddedDynamoDb;
import io.pulsechat.gateway.store.WriteBehindBatcher;
import io.pulsechat.gateway.store.WriteBehindSettings;
import io.pulsechat.sentiment.Label;
import io.pulsechat.sentiment.Sentiment;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import io.pulsechat.gateway.aws.AwsClients;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Write throughput against DynamoDB Local, in memory and with a file store in this process, or
 * at an endpoint (DynamoDB Local in a process of its own): the gateway's write path (conditional
 * TransactWriteItems of 25 messages and their dedup items through {@link WriteBehindBatcher})
 * versus plain BatchWriteItem of 25 (the path before) and one PutItem per message, about 200
 * bytes per item. Prints a Markdown table of messages per second.
 *
 * <p>Arguments: {@code [runs=5] [batchMessages=10000] [putMessages=2000] [endpoint]}. Exits with
 * {@code System.exit}, because DynamoDB Local leaves a non-daemon thread running.
 */
public final class WriteThroughputBench {
  /** The gateway's default: 4 batch calls in flight; PutItem gets the same number in flight. */
  private static final int IN_FLIGHT = 4;
  private static final String TEXT = "x".repeat(80);

  private WriteThroughputBench() {
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int batchMessages = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int putMessages = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
    int status = 0;
    try {
      System.out.printf("item size about %d bytes; %d runs; %d messages per batch run, %d per PutItem run%n",
          itemBytes(message("bench-0", 123456, "run")), runs, batchMessages, putMessages);
      Map<String, List<Double>> results = new LinkedHashMap<>();
      if (args.length > 3) {
        try (DynamoDbAsyncClient client = AwsClients.forLocalEndpoints().dynamoDb(Optional.of(URI.create(args[3])),
            Duration.ofSeconds(30))) {
          bench("own process", client, runs, batchMessages, putMessages, results);
        }
      } else {
        try (EmbeddedDynamoDb dynamo = EmbeddedDynamoDb.startInMemory(); DynamoDbAsyncClient client = dynamo.client()) {
          bench("in-memory", client, runs, batchMessages, putMessages, results);
        }
        Path dir = Files.createTempDirectory("pulsechat-bench-");
        try (EmbeddedDynamoDb dynamo = EmbeddedDynamoDb.startWithFiles(dir); DynamoDbAsyncClient client = dynamo.client()) {
          bench("file store", client, runs, batchMessages, putMessages, results);
        }
      }
      printTable(results);
    } catch (Exception e) {
      System.err.println("benchmark failed: " + e);
      status = 1;
    }
    System.exit(status);
  }

  private static void bench(String mode, DynamoDbAsyncClient client, int runs, int batchMessages,
                            int putMessages, Map<String, List<Double>> results) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      String table = await(new DynamoDbTables(vertx, client, "bench-").ensureMessagesTable());
      // Warm-up: JIT and connections, not reported.
      viaBatcher(vertx, client, table, "warm", Math.min(2_000, batchMessages));
      viaBatchWriteItem(client, table, "warmb", Math.min(2_000, batchMessages));
      viaPutItem(client, table, "warm", Math.min(500, putMessages), IN_FLIGHT);
      for (int run = 0; run < runs; run++) {
        record(results, mode + " | conditional TransactWriteItems x25 (with dedup items) via batcher, " + IN_FLIGHT
            + " in flight", viaBatcher(vertx, client, table, "b" + run, batchMessages));
        record(results, mode + " | BatchWriteItem x25, " + IN_FLIGHT + " in flight",
            viaBatchWriteItem(client, table, "w" + run, batchMessages));
        record(results, mode + " | PutItem, " + IN_FLIGHT + " in flight",
            viaPutItem(client, table, "p" + run, putMessages, IN_FLIGHT));
        record(results, mode + " | PutItem, 1 in flight",
            viaPutItem(client, table, "s" + run, putMessages, 1));
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static double viaBatcher(Vertx vertx, DynamoDbAsyncClient client, String table, String run, int n)
      throws Exception {
    // A retry budget longer than the run: all n messages are queued at once, and a message
    // queued longer than the budget would be refused instead of measured.
    WriteBehindSettings settings = new WriteBehindSettings(25, Duration.ofMillis(5), n, IN_FLIGHT,
        Duration.ofMinutes(5), WriteBehindSettings.DEFAULT_BACKOFF_BASE, WriteBehindSettings.DEFAULT_BACKOFF_CAP,
        WriteBehindSettings.DEFAULT_COOL_OFF, Duration.ofSeconds(30));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    WriteBehindBatcher batcher = new WriteBehindBatcher(vertx, new DynamoDbBatchWriter(client, table), settings,
        registry);
    List<Future<Void>> acks = new ArrayList<>(n);
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      acks.add(batcher.submit(message("bench-" + run, i, run)));
    }
    await(Future.all(acks));
    double rate = n / seconds(start);
    System.out.printf("  batches %d, mean %.1f items, mean call %.1f ms incl. retries, retries %.0f%n",
        registry.summary("pulsechat.store.batch.size").count(), registry.summary("pulsechat.store.batch.size").mean(),
        registry.timer("pulsechat.store.flush").mean(TimeUnit.MILLISECONDS),
        registry.counter("pulsechat.store.retries").count());
    return rate;
  }

  /** The write path before conditional writes: plain BatchWriteItem of 25, unprocessed items resent. */
  private static double viaBatchWriteItem(DynamoDbAsyncClient client, String table, String run, int n)
      throws Exception {
    Semaphore slots = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<?>> calls = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < n; i += 25) {
      List<WriteRequest> puts = new ArrayList<>(25);
      for (int j = i; j < Math.min(n, i + 25); j++) {
        puts.add(WriteRequest.builder().putRequest(PutRequest.builder()
            .item(itemOf(message("bench-" + run, j, run))).build()).build());
      }
      slots.acquire();
      calls.add(writeAll(client, table, puts).whenComplete((r, e) -> slots.release()));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    return n / seconds(start);
  }

  private static CompletableFuture<Void> writeAll(DynamoDbAsyncClient client, String table, List<WriteRequest> puts) {
    return client.batchWriteItem(b -> b.requestItems(Map.of(table, puts))).thenCompose(r -> {
      List<WriteRequest> left = r.unprocessedItems().getOrDefault(table, List.of());
      return left.isEmpty() ? CompletableFuture.completedFuture(null) : writeAll(client, table, left);
    });
  }

  private static double viaPutItem(DynamoDbAsyncClient client, String table, String run, int n, int inFlight)
      throws Exception {
    Semaphore slots = new Semaphore(inFlight);
    List<CompletableFuture<?>> puts = new ArrayList<>(n);
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      slots.acquire();
      Map<String, AttributeValue> item = itemOf(message("bench-" + run, i, run));
      puts.add(client.putItem(b -> b.tableName(table).item(item)).whenComplete((r, e) -> slots.release()));
    }
    CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    return n / seconds(start);
  }

  /** The attributes DynamoDbMessageStore wrote before dedup items (with the index's dedup attribute). */
  private static Map<String, AttributeValue> itemOf(ChatMessage m) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("room", AttributeValue.fromS(m.room()));
    item.put("id", AttributeValue.fromS(m.id()));
    item.put("user", AttributeValue.fromS(m.user()));
    item.put("text", AttributeValue.fromS(m.text()));
    item.put("ts", AttributeValue.fromN(Long.toString(m.ts())));
    item.put("clientMsgId", AttributeValue.fromS(m.clientMsgId()));
    item.put("dedup", AttributeValue.fromS(m.room() + '\u001f' + m.user() + '\u001f' + m.clientMsgId()));
    item.put("sentiment", AttributeValue.fromM(Map.of(
        "label", AttributeValue.fromS(m.sentiment().label().wireName()),
        "score", AttributeValue.fromN(Double.toString(m.sentiment().score())),
        "model", AttributeValue.fromS(m.sentiment().model()))));
    return item;
  }

  /** DynamoDB's item size: attribute names plus values, numbers counted as their digits. */
  private static int itemBytes(ChatMessage m) {
    int size = 0;
    for (Map.Entry<String, AttributeValue> e : itemOf(m).entrySet()) {
      size += e.getKey().length() + valueBytes(e.getValue());
    }
    return size;
  }

  private static int valueBytes(AttributeValue v) {
    if (v.s() != null) {
      return v.s().length();
    }
    if (v.n() != null) {
      return v.n().length();
    }
    int size = 3;
    for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
      size += 1 + e.getKey().length() + valueBytes(e.getValue());
    }
    return size;
  }

  private static ChatMessage message(String room, int n, String run) {
    return new ChatMessage(room, String.format("%013d-%06d", 1_700_000_000_000L + n, n), "bench-user",
        TEXT, 1_700_000_000_000L + n, run + "-" + n, new Sentiment(Label.NEUTRAL, 0.0, "lexicon-1"));
  }

  private static void record(Map<String, List<Double>> results, String key, double itemsPerSecond) {
    results.computeIfAbsent(key, k -> new ArrayList<>()).add(itemsPerSecond);
    System.out.printf("%-70s %,10.0f items/s%n", key, itemsPerSecond);
  }

  private static void printTable(Map<String, List<Double>> results) {
    System.out.println();
    System.out.println("| storage | method | runs | median items/s | min | max | spread (max-min)/median |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (Map.Entry<String, List<Double>> e : results.entrySet()) {
      List<Double> v = e.getValue().stream().sorted(Comparator.naturalOrder()).toList();
      double median = v.size() % 2 == 1 ? v.get(v.size() / 2) : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
      double min = v.get(0);
      double max = v.get(v.size() - 1);
      System.out.printf("| %s | %d | %,.0f | %,.0f | %,.0f | %.0f%% |%n", e.getKey(), v.size(), median, min, max,
          100 * (max - min) / median);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
  }
}
