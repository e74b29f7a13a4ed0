package io.pulsechat.loadgen.series;

import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * One second (about) of one step: what was sent, delivered, acked and refused in it, the
 * connections joined at its end, the latencies of the measured deliveries it saw (warm-up
 * deliveries are counted but not timed), and the sampled CPU and RSS of the server and of the
 * load generator (NaN and -1 when not sampled).
 *
 * @param step        0 while connecting, then the step's index
 * @param second      index of this interval within its step; generators started together share it
 * @param epochMillis wall-clock time at the interval's end
 * @param seconds     the interval's length
 * @param shapes      the second by room shape ({@code MEMBERS+SENDERS}); empty in a run of one shape
 */
public record Interval(int step, String phase, int second, long epochMillis, double seconds, long sent,
                       long deliveries, long acks, long errors, long connections, Histogram latency,
                       Histogram ackLatency, double serverCpuPercent, long serverRssKiB, double loadgenCpuPercent,
                       long loadgenRssKiB, Map<String, Shape> shapes) {

  /** One room shape's share of a second: its deliveries and the latency of those measured. */
  public record Shape(long deliveries, Histogram latency) {
    Shape merge(Shape o) {
      Histogram l = latency.copy();
      l.add(o.latency);
      return new Shape(deliveries + o.deliveries, l);
    }
  }

  /** A second of a run of one room shape. */
  public Interval(int step, String phase, int second, long epochMillis, double seconds, long sent,
                  long deliveries, long acks, long errors, long connections, Histogram latency,
                  Histogram ackLatency, double serverCpuPercent, long serverRssKiB, double loadgenCpuPercent,
                  long loadgenRssKiB) {
    this(step, phase, second, epochMillis, seconds, sent, deliveries, acks, errors, connections, latency, ackLatency,
        serverCpuPercent, serverRssKiB, loadgenCpuPercent, loadgenRssKiB, Map.of());
  }

  /**
   * Two generators' share of the same second as one: counts and connections add up, the
   * histograms are added (so percentiles of the merge are exact), the server's usage is taken
   * from whichever generator sampled it, and the generators' own usage adds up.
   */
  public Interval merge(Interval o) {
    Histogram l = latency.copy();
    l.add(o.latency);
    Histogram a = ackLatency.copy();
    a.add(o.ackLatency);
    Map<String, Shape> byShape = new TreeMap<>(shapes);
    o.shapes.forEach((k, v) -> byShape.merge(k, v, Shape::merge));
    return new Interval(step, phase, second, Math.max(epochMillis, o.epochMillis), Math.max(seconds, o.seconds),
        sent + o.sent, deliveries + o.deliveries, acks + o.acks, errors + o.errors, connections + o.connections, l, a,
        Double.isNaN(serverCpuPercent) ? o.serverCpuPercent : serverCpuPercent,
        serverRssKiB >= 0 ? serverRssKiB : o.serverRssKiB, sum(loadgenCpuPercent, o.loadgenCpuPercent),
        loadgenRssKiB < 0 ? o.loadgenRssKiB : o.loadgenRssKiB < 0 ? loadgenRssKiB : loadgenRssKiB + o.loadgenRssKiB,
        byShape);
  }

  private static double sum(double a, double b) {
    return Double.isNaN(a) ? b : Double.isNaN(b) ? a : a + b;
  }

  public double perSecond(long count) {
    return seconds > 0 ? count / seconds : 0;
  }

  /** One JSON line: the rates and percentiles for people and dashboards, the histograms for merging. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("step", step).put("phase", phase).put("second", second)
        .put("time", java.time.Instant.ofEpochMilli(epochMillis).toString()).put("epochMillis", epochMillis)
        .put("seconds", Math.round(seconds * 1000) / 1000.0)
        .put("sent", sent).put("deliveries", deliveries).put("acks", acks).put("errors", errors)
        .put("connections", connections)
        .put("deliveriesPerSecond", Math.round(perSecond(deliveries) * 10) / 10.0)
        .put("latencyMs", percentiles(latency)).put("ackLatencyMs", percentiles(ackLatency));
    if (!Double.isNaN(serverCpuPercent) || serverRssKiB >= 0) {
      json.put("server", usage(serverCpuPercent, serverRssKiB));
    }
    if (!Double.isNaN(loadgenCpuPercent) || loadgenRssKiB >= 0) {
      json.put("loadgen", usage(loadgenCpuPercent, loadgenRssKiB));
    }
    if (!shapes.isEmpty()) {
      JsonObject byShape = new JsonObject();
      shapes.forEach((k, v) -> byShape.put(k, new JsonObject().put("deliveries", v.deliveries())
          .put("deliveriesPerSecond", Math.round(perSecond(v.deliveries()) * 10) / 10.0)
          .put("latencyMs", percentiles(v.latency())).put("latencyHistogram", encode(v.latency()))));
      json.put("shapes", byShape);
    }
    return json.put("latencyHistogram", encode(latency)).put("ackLatencyHistogram", encode(ackLatency));
  }

  public static Interval fromJson(JsonObject j) {
    JsonObject server = j.getJsonObject("server", new JsonObject());
    JsonObject loadgen = j.getJsonObject("loadgen", new JsonObject());
    Map<String, Shape> byShape = new TreeMap<>();
    j.getJsonObject("shapes", new JsonObject()).forEach(e -> {
      JsonObject v = (JsonObject) e.getValue();
      byShape.put(e.getKey(), new Shape(v.getLong("deliveries"), decode(v.getString("latencyHistogram"))));
    });
    return new Interval(j.getInteger("step"), j.getString("phase"), j.getInteger("second"), j.getLong("epochMillis"),
        j.getDouble("seconds"), j.getLong("sent"), j.getLong("deliveries"), j.getLong("acks"), j.getLong("errors"),
        j.getLong("connections"), decode(j.getString("latencyHistogram")), decode(j.getString("ackLatencyHistogram")),
        server.getDouble("cpuPercent", Double.NaN), server.getLong("rssKiB", -1L),
        loadgen.getDouble("cpuPercent", Double.NaN), loadgen.getLong("rssKiB", -1L), byShape);
  }

  private static JsonObject usage(double cpu, long rss) {
    JsonObject json = new JsonObject();
    if (!Double.isNaN(cpu)) {
      json.put("cpuPercent", Math.round(cpu * 10) / 10.0);
    }
    if (rss >= 0) {
      json.put("rssKiB", rss);
    }
    return json;
  }

  static JsonObject percentiles(Histogram h) {
    JsonObject json = new JsonObject().put("count", h.getTotalCount());
    if (h.getTotalCount() > 0) {
      json.put("p50", h.getValueAtPercentile(50) / 1000.0).put("p90", h.getValueAtPercentile(90) / 1000.0)
          .put("p99", h.getValueAtPercentile(99) / 1000.0).put("p999", h.getValueAtPercentile(99.9) / 1000.0)
          .put("max", h.getMaxValue() / 1000.0);
    }
    return json;
  }

  /** HdrHistogram's own compressed form, base64: what its tools (HistogramLogReader) also read. */
  public static String encode(Histogram h) {
    ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int length = h.encodeIntoCompressedByteBuffer(buffer);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
  }

  public static Histogram decode(String base64) {
    try {
      Histogram h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
      Histogram out = new Histogram(3);
      out.add(h);
      return out;
    } catch (DataFormatException | RuntimeException e) {
      throw new IllegalArgumentException("not an encoded HdrHistogram: " + e.getMessage(), e);
    }
  }
}
