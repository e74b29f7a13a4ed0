package io.pulsechat.gateway.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicInteger;

/** The write path's meters, registered once per batcher. */
final class StoreMetrics {
  final DistributionSummary batchSize;
  final Timer flush;
  final Counter retries;
  final Counter rejected;

  StoreMetrics(MeterRegistry registry, AtomicInteger queueDepth) {
    batchSize = DistributionSummary.builder("pulsechat.store.batch.size")
        .description("Messages per BatchWriteItem batch").baseUnit("messages").register(registry);
    // Buckets, so the store's latency aggregates across instances like fan-out's.
    flush = Timer.builder("pulsechat.store.flush")
        .description("Time to store one batch, retries included").publishPercentileHistogram()
        .minimumExpectedValue(java.time.Duration.ofMillis(1)).maximumExpectedValue(java.time.Duration.ofSeconds(30))
        .register(registry);
    retries = Counter.builder("pulsechat.store.retries")
        .description("Batch write calls repeated after throttling, errors or unprocessed items").register(registry);
    rejected = Counter.builder("pulsechat.store.rejected")
        .description("Appends refused with unavailable").register(registry);
    Gauge.builder("pulsechat.store.queue.depth", queueDepth, AtomicInteger::get)
        .description("Messages accepted but not yet stored").baseUnit("messages").register(registry);
  }
}
