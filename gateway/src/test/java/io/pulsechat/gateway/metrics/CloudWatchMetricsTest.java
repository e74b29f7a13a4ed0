package io.pulsechat.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pulsechat.gateway.aws.FakeAwsEndpoint;
import io.pulsechat.sentiment.Label;
import io.pulsechat.gateway.aws.FakeAwsEndpoint.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.micrometer.core.instrument.MockClock;
import java.lang.reflect.Method;
import java.net.URLDecoder;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The CloudWatch registry against a local stand-in speaking CloudWatch's query protocol. */
class CloudWatchMetricsTest {
  private static final String RESPONSE = "<PutMetricDataResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
      + "<ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></PutMetricDataResponse>";

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void publishesTheStacksMetricsWithTheGroupDimensionOnly() throws Exception {
    try (FakeAwsEndpoint fake = fakeCloudWatch()) {
      MockClock clock = new MockClock();
      CloudWatchMeterRegistry cloudWatch = registryPublishingTo(fake, clock);
      PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      GatewayMetrics metrics = new GatewayMetrics(new CompositeMeterRegistry(clock, java.util.List.of(prometheus, cloudWatch)));
      metrics.connectionOpened();
      metrics.connectionOpened();
      metrics.messageAccepted(Label.NEGATIVE, 40_000_000);
      metrics.fannedOut(3, 2_000_000);

      clock.add(Duration.ofMinutes(1)); // step meters report the minute that just ended
      publish(cloudWatch);

      assertThat(fake.requests()).isNotEmpty();
      FakeAwsEndpoint.Request request = fake.requests().get(0);
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.headers().get("Authorization")).matches(FakeAwsEndpoint.sigV4("monitoring"));
      Map<String, String> form = form(request.body());
      assertThat(form).containsEntry("Action", "PutMetricData").containsEntry("Namespace", "PulseChat");
      Map<String, String> byName = new HashMap<>();
      form.forEach((k, v) -> {
        if (k.matches("MetricData\\.member\\.\\d+\\.MetricName")) {
          byName.put(v, k.replace(".MetricName", ""));
        }
      });
      assertThat(byName).containsKeys("ActiveConnections", "MessagesReceived", "MessagesDelivered", "FanoutLatency",
          "AckLatency", "MessagesBySentiment");
      assertThat(byName.keySet()).noneMatch(n -> n.contains("histogram"));
      assertThat(prometheus.scrape()).contains("pulsechat_messages_sentiment_total{label=\"negative\"} 1.0")
          .contains("pulsechat_fanout_seconds_bucket{le=").contains("pulsechat_ack_seconds_bucket{le=");
      assertThat(byName.keySet()).noneMatch(n -> n.startsWith("pulsechat") || n.startsWith("vertx"));
      String connections = byName.get("ActiveConnections");
      assertThat(form).containsEntry(connections + ".Value", "2.0").containsEntry(connections + ".Unit", "Count")
          .containsEntry(connections + ".Dimensions.member.1.Name", "AutoScalingGroupName")
          .containsEntry(connections + ".Dimensions.member.1.Value", "test-gateway")
          .doesNotContainKey(connections + ".Dimensions.member.2.Name");
      assertThat(prometheus.scrape()).contains("pulsechat_connections_open 2.0");
    }
  }

  @Test
  void fanOutPercentilesGoOutAsGaugesWithAPhiDimension() throws Exception {
    try (FakeAwsEndpoint fake = fakeCloudWatch()) {
      MockClock clock = new MockClock();
      CloudWatchMeterRegistry cloudWatch = registryPublishingTo(fake, clock);
      GatewayMetrics metrics = new GatewayMetrics(new CompositeMeterRegistry(clock, java.util.List.of(cloudWatch)));
      // 98 fast broadcasts and 2 slow ones: the mean is 6.9 ms, the p99 about 300 ms.
      for (int i = 0; i < 98; i++) {
        metrics.fannedOut(10, 1_000_000);
      }
      metrics.fannedOut(10, 300_000_000);
      metrics.fannedOut(10, 300_000_000);

      clock.add(Duration.ofSeconds(59)); // inside the minute the percentile window still holds
      publish(cloudWatch);

      Map<String, String> form = form(fake.requests().get(0).body());
      Map<String, String> byPhi = new HashMap<>();
      form.forEach((k, v) -> {
        if (k.endsWith(".MetricName") && v.equals("FanoutLatencyPercentile")) {
          String member = k.replace(".MetricName", "");
          assertThat(form).containsEntry(member + ".Dimensions.member.1.Name", "AutoScalingGroupName")
              .containsEntry(member + ".Dimensions.member.1.Value", "test-gateway")
              .containsEntry(member + ".Dimensions.member.2.Name", "phi")
              .containsEntry(member + ".Unit", "Milliseconds")
              .doesNotContainKey(member + ".Dimensions.member.3.Name");
          byPhi.put(form.get(member + ".Dimensions.member.2.Value"), form.get(member + ".Value"));
        }
      });
      assertThat(byPhi).containsOnlyKeys("0.5", "0.99");
      // Micrometer's histogram buckets are approximate: within a few percent of the truth.
      assertThat(Double.parseDouble(byPhi.get("0.99"))).isBetween(280.0, 320.0);
      assertThat(Double.parseDouble(byPhi.get("0.5"))).isBetween(0.9, 1.1);
    }
  }

  private FakeAwsEndpoint fakeCloudWatch() throws Exception {
    return FakeAwsEndpoint.start(vertx, req -> Future.succeededFuture(Reply.ok("text/xml", RESPONSE)));
  }

  private static CloudWatchMeterRegistry registryPublishingTo(FakeAwsEndpoint fake, MockClock clock) {
    return CloudWatchMetrics.registry("PulseChat", "test-gateway",
        FakeAwsEndpoint.clients().cloudWatch(Optional.of(fake.uri())), clock);
  }

  /** What the registry's scheduler does once a minute; waits for the PutMetricData answer. */
  private static void publish(CloudWatchMeterRegistry registry) throws Exception {
    Method publish = CloudWatchMeterRegistry.class.getDeclaredMethod("publish");
    publish.setAccessible(true);
    publish.invoke(registry);
  }

  private static Map<String, String> form(String body) {
    Map<String, String> map = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      map.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return map;
  }
}
