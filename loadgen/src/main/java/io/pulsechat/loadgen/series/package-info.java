/**
 * Results over time: one {@link io.pulsechat.loadgen.series.Interval} a second (counters and an
 * HdrHistogram of that second's latencies), written as JSON lines and OpenMetrics text, pushed to
 * a Pushgateway, and merged across generators by adding histograms, never averaging percentiles.
 */
package io.pulsechat.loadgen.series;
