package io.pulsechat.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.cluster.GatewayFleet;
import io.pulsechat.gateway.cluster.GatewayProcess;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator sees of a gateway process started as in production ({@code java -jar}, one
 * node of a fleet, embedded DynamoDB Local): with {@code LOG_FORMAT=json} every line it prints on
 * stdout and stderr is a JSON object, DynamoDB Local's and Hazelcast's output included; /health
 * has its details and its probes; /metrics has the JVM's meters and latency histograms.
 */
class OperationsIT {
  @TempDir
  static Path home;

  private static GatewayProcess gateway;
  private static int managementPort;
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    List<Integer> ports = GatewayFleet.freePorts(3);
    managementPort = ports.get(2);
    gateway = GatewayProcess.launch("json-logs", GatewayFleet.gatewayJar(), home, Map.of(
        "PORT", String.valueOf(ports.get(0)),
        "MANAGEMENT_PORT", String.valueOf(managementPort),
        "HOST", "127.0.0.1",
        "LOG_FORMAT", "json",
        // DynamoDB Local in the process: its output is the one most likely to break the format
        "STORE", "dynamodb-local",
        "CLUSTER_ENABLED", "true",
        "CLUSTER_NAME", "ops-" + ProcessHandle.current().pid(),
        "CLUSTER_PORT", String.valueOf(ports.get(1)),
        "CLUSTER_MEMBERS", "127.0.0.1:" + ports.get(1)));
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (status("/health/ready") != 200) {
      assertThat(gateway.alive()).as(gateway.logTail(40)).isTrue();
      assertThat(System.nanoTime()).as("ready within 120 s\n" + gateway.logTail(40)).isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  /** SIGTERM: the gateway drains, DynamoDB Local and Hazelcast stop; their lines too must be JSON. */
  @AfterAll
  static void stop() throws Exception {
    if (gateway == null) {
      return;
    }
    int exit = gateway.stop(Duration.ofSeconds(60));
    List<JsonObject> json = jsonLines(gateway.log());
    assertThat(json).as("exit %d", exit).extracting(o -> o.getString("message")).anyMatch(m -> m.contains("Draining"));
  }

  @Test
  void healthHasItsDetailsAndTheProbesAnswer() throws Exception {
    assertThat(status("/health/live")).isEqualTo(200);
    JsonObject health = new JsonObject(get("/health").body());
    assertThat(health.getString("status")).isEqualTo("serving");
    assertThat(health.getString("version")).isNotBlank();
    assertThat(health.getString("node")).isNotBlank();
    assertThat(health.getLong("uptimeSeconds")).isGreaterThanOrEqualTo(0);
    assertThat(health.getString("model")).isNotBlank();
    assertThat(health.getString("store")).startsWith("dynamodb-local");
    assertThat(health.getInteger("clusterNodes")).isEqualTo(1);
    assertThat(health.getBoolean("draining")).isFalse();
  }

  @Test
  void metricsHaveJvmMetersAndLatencyHistograms() throws Exception {
    String metrics = get(managementPort, "/metrics").body();
    assertThat(metrics).contains("jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads", "process_cpu_usage",
        "process_files_open_files", "process_uptime_seconds", "pulsechat_fanout_seconds_bucket{le=",
        "pulsechat_ack_seconds_bucket{le=", "pulsechat_messages_sentiment_total{label=\"positive\"}",
        "pulsechat_store_queue_depth_messages");
  }

  @Test
  void withLogFormatJsonEveryLineIsJson() throws Exception {
    assertThat(status("/no-such-page")).isEqualTo(404);
    List<JsonObject> json = jsonLines(gateway.log());
    assertThat(json).extracting(o -> o.getString("message")).anyMatch(m -> m.contains("serving on port"));
  }

  /** Every line of the log as JSON, each with the encoder's fields; fails naming the lines that are not. */
  private static List<JsonObject> jsonLines(Path log) throws Exception {
    List<String> notJson = new ArrayList<>();
    List<JsonObject> json = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        json.add(new JsonObject(line));
      } catch (DecodeException e) {
        notJson.add(line);
      }
    }
    assertThat(notJson).as("lines that are not JSON").isEmpty();
    assertThat(json).isNotEmpty()
        .allSatisfy(o -> assertThat(o.fieldNames()).contains("@timestamp", "level", "logger_name", "message"));
    return json;
  }

  private static int status(String path) {
    try {
      return get(path).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return get(gateway.port(), path);
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
