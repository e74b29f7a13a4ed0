package io.pulsechat.gateway.metrics;

import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.NamingConvention;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;

/**
 * A CloudWatch registry that publishes only the stack's metrics (cloudformation/README.md,
 * "Metrics"), each with the one dimension {@code AutoScalingGroupName}, once a minute.
 *
 * <p>The gateway's meters keep their names for Prometheus; a {@link MeterFilter} lets through
 * only the mapped ones and renames them here. Micrometer appends a statistic to every CloudWatch
 * metric name ({@code .value} for gauges, {@code .count} for counters, {@code .avg} and others for
 * timers), so the naming convention removes the one the stack reads and keeps the rest apart
 * ({@code FanoutLatency.max} stays as it is).
 *
 * <p>A timer reaches CloudWatch as one value per statistic and minute, so CloudWatch cannot take
 * a percentile of {@code FanoutLatency} (its p99 would be the p99 of per-minute means). The
 * fan-out timer therefore also publishes the percentiles it computes on the instance
 * ({@code publishPercentiles(0.5, 0.99)}): Micrometer registers them as gauges
 * {@code FanoutLatency.percentile} with a {@code phi} tag, which go out as
 * {@code FanoutLatencyPercentile} with dimensions {@code AutoScalingGroupName} and {@code phi}.
 * Each value covers the instance's last minute or so (Micrometer's rotating window, expiry = step).
 */
public final class CloudWatchMetrics {
  public static final String DIMENSION = "AutoScalingGroupName";

  /** Gateway meter → stack metric. */
  static final Map<String, String> NAMES = Map.of(
      "pulsechat.connections.open", "ActiveConnections",
      "pulsechat.messages.accepted", "MessagesReceived",
      "pulsechat.deliveries", "MessagesDelivered",
      "pulsechat.fanout", "FanoutLatency",
      "pulsechat.ack", "AckLatency",
      "pulsechat.messages.sentiment", "MessagesBySentiment",
      "pulsechat.store.queue.depth", "StoreQueueDepth",
      "pulsechat.store.flush", "StoreFlushLatency",
      "process.cpu.usage", "ProcessCpuUsage",
      "jvm.gc.pause", "GcPause");

  /** The gauges Micrometer derives from the fan-out timer's {@code publishPercentiles}. */
  static final String FANOUT_PERCENTILES = "FanoutLatency.percentile";
  /** The same for the ack timer. */
  static final String ACK_PERCENTILES = "AckLatency.percentile";

  /** The statistic each stack metric is read from: what target tracking, alarm and dashboard use. */
  private static final Map<String, String> READ_AS = Map.ofEntries(
      Map.entry("ActiveConnections.value", "ActiveConnections"),
      Map.entry("MessagesReceived.count", "MessagesReceived"),
      Map.entry("MessagesDelivered.count", "MessagesDelivered"),
      Map.entry("FanoutLatency.avg", "FanoutLatency"),
      Map.entry(FANOUT_PERCENTILES + ".value", "FanoutLatencyPercentile"),
      Map.entry("AckLatency.avg", "AckLatency"),
      Map.entry(ACK_PERCENTILES + ".value", "AckLatencyPercentile"),
      Map.entry("MessagesBySentiment.count", "MessagesBySentiment"),
      Map.entry("StoreQueueDepth.value", "StoreQueueDepth"),
      Map.entry("StoreFlushLatency.avg", "StoreFlushLatency"),
      Map.entry("ProcessCpuUsage.value", "ProcessCpuUsage"),
      Map.entry("GcPause.sum", "GcPause"));

  private CloudWatchMetrics() {
  }

  public static CloudWatchMeterRegistry registry(String namespace, String asgName, CloudWatchAsyncClient client) {
    return registry(namespace, asgName, client, Clock.SYSTEM);
  }

  static CloudWatchMeterRegistry registry(String namespace, String asgName, CloudWatchAsyncClient client,
                                          Clock clock) {
    CloudWatchMeterRegistry registry = new CloudWatchMeterRegistry(config(namespace), clock, client);
    registry.config()
        // Micrometer maps every id first and only then asks accept(): match the new names.
        .meterFilter(MeterFilter.denyUnless(id -> NAMES.containsValue(id.getName())
            || FANOUT_PERCENTILES.equals(id.getName()) || ACK_PERCENTILES.equals(id.getName())))
        .meterFilter(new MeterFilter() {
          @Override
          public Meter.Id map(Meter.Id id) {
            Meter.Id renamed = id.withName(NAMES.getOrDefault(id.getName(), id.getName()));
            // Target tracking asks for Unit Count: a gauge without a unit would be None.
            return "ActiveConnections".equals(renamed.getName()) ? renamed.withBaseUnit("count") : renamed;
          }
        })
        .commonTags(DIMENSION, asgName)
        .namingConvention(new NamingConvention() {
          @Override
          public String name(String name, Meter.Type type, String baseUnit) {
            return READ_AS.getOrDefault(name, name);
          }

          @Override
          public String tagKey(String key) {
            return key;
          }
        });
    return registry;
  }

  private static CloudWatchConfig config(String namespace) {
    return new CloudWatchConfig() {
      @Override
      public String get(String key) {
        return null;
      }

      @Override
      public String namespace() {
        return namespace;
      }

      @Override
      public Duration step() {
        return Duration.ofMinutes(1);
      }
    };
  }
}
