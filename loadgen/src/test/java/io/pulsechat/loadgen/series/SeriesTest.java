package io.pulsechat.loadgen.series;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

public class SeriesTest {
  /** A second with {@code deliveries} deliveries, all at {@code latencyMicros}, server at 50 % CPU. */
  public static Interval interval(int step, int second, long epochMillis, long latencyMicros, long deliveries) {
    Histogram h = new Histogram(3);
    h.recordValueWithCount(latencyMicros, deliveries);
    Histogram a = new Histogram(3);
    a.recordValue(latencyMicros / 2);
    return new Interval(step, "window", second, epochMillis, 1.0, 10, deliveries, 10, 1, 11, h, a, 50.0, 2048, 20.0,
        4096);
  }

  @Test
  void anIntervalSurvivesItsJsonLineWithItsHistograms() {
    Interval i = interval(2, 3, 1_700_000_000_000L, 4_321, 500);
    i.latency().recordValue(90_000);

    Interval back = Interval.fromJson(new io.vertx.core.json.JsonObject(i.toJson().encode()));

    assertThat(back.latency()).isEqualTo(i.latency());
    assertThat(back.ackLatency()).isEqualTo(i.ackLatency());
    assertThat(back).usingRecursiveComparison().ignoringFields("latency", "ackLatency").isEqualTo(i);
    assertThat(i.toJson().getJsonObject("latencyMs").getDouble("max")).isEqualTo(90.047);
  }

  @Test
  void mergingAddsHistogramsSoPercentilesAreExactNotAveraged() {
    // One generator saw 99 fast deliveries, the other one slow one; averaging the two p99s would say 50 ms.
    Interval fast = interval(1, 0, 1000, 1_000, 99);
    Interval slow = interval(1, 0, 1010, 100_000, 1);

    Interval merged = fast.merge(slow);

    Histogram all = new Histogram(3);
    all.recordValueWithCount(1_000, 99);
    all.recordValue(100_000);
    assertThat(merged.latency()).isEqualTo(all);
    assertThat(merged.latency().getValueAtPercentile(99)).isEqualTo(all.getValueAtPercentile(99));
    assertThat(merged.deliveries()).isEqualTo(100);
    assertThat(merged.connections()).isEqualTo(22);
    assertThat(merged.epochMillis()).isEqualTo(1010);
    assertThat(merged.serverCpuPercent()).isEqualTo(50.0);
    assertThat(merged.loadgenCpuPercent()).isEqualTo(40.0);
    assertThat(fast.latency().getTotalCount()).as("the merge copies").isEqualTo(99);
  }

  @Test
  void openMetricsHasTimestampedGaugesGroupedByFamilyAndEndsWithEof() {
    String text = OpenMetrics.series(List.of(interval(1, 0, 1_700_000_000_000L, 2_000, 1000),
        interval(1, 1, 1_700_000_001_000L, 3_000, 1200)), "r1");

    assertThat(text).endsWith("# EOF\n");
    assertThat(text).contains("# TYPE loadgen_deliveries_per_second gauge\n",
        "loadgen_deliveries_per_second{run_id=\"r1\",step=\"1\"} 1000.00 1700000000.000\n",
        "loadgen_deliveries_per_second{run_id=\"r1\",step=\"1\"} 1200.00 1700000001.000\n",
        "loadgen_delivery_latency_seconds{run_id=\"r1\",step=\"1\",percentile=\"99\"} 0.00200000 1700000000.000\n",
        "loadgen_server_cpu_percent{run_id=\"r1\",step=\"1\"} 50.0000");
    assertThat(text.lines().filter(l -> l.startsWith("# TYPE loadgen_delivery_latency_seconds"))).hasSize(1);
  }

  @Test
  void pushesEachIntervalToThePushgatewayPath() throws Exception {
    BlockingQueue<String> bodies = new ArrayBlockingQueue<>(10);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      bodies.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n"
          + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    try (Pushgateway push = new Pushgateway(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
        "r1", new PrintStream(new ByteArrayOutputStream()))) {
      push.accept(interval(1, 0, 1000, 2_000, 1000));
      String body = bodies.poll(10, TimeUnit.SECONDS);
      assertThat(body).startsWith("PUT /metrics/job/loadgen/run_id/r1\n")
          .contains("loadgen_deliveries_per_second{run_id=\"r1\",step=\"1\"} 1000.00\n").doesNotContain("# EOF");
    } finally {
      server.stop(0);
    }
  }
}
