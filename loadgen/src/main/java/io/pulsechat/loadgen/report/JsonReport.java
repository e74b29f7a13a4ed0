package io.pulsechat.loadgen.report;

import io.pulsechat.loadgen.stats.LatencySummary;
import io.pulsechat.loadgen.stats.ProcUsage;
import io.pulsechat.loadgen.stats.RoomResult;
import io.pulsechat.loadgen.stats.Recovery;
import io.pulsechat.loadgen.stats.ShapeResult;
import io.pulsechat.loadgen.stats.StepResult;
import io.pulsechat.loadgen.stats.Verdict;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The machine-readable report. Latencies are milliseconds; window times are microseconds of
 * the monotonic clock that {@code clientMsgId}s carry, so a second client on the same machine
 * can tell which of its messages fell in the window.
 */
public final class JsonReport {
  /** Percentiles of the plotted distribution, as in HdrHistogram's percentile output. */
  static final double[] PLOT_PERCENTILES = {0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999, 100};

  private JsonReport() {
  }

  public static JsonObject render(RunReport report) {
    JsonObject json = new JsonObject()
        .put("started", report.started().toString())
        .put("mode", report.scenario().maxRate() ? "max-rate" : "run")
        .put("scenario", new JsonObject(report.scenario().describe()))
        .put("verdict", new JsonObject().put("pass", report.verdict().pass())
            .put("reasons", new JsonArray(report.verdict().reasons())))
        .put("connections", connections(report));
    report.maxRate().ifPresent(rate -> json.put("maxRate", rate));
    report.headline().ifPresent(step -> json.put("summary", step(step)));
    JsonArray steps = new JsonArray();
    report.steps().forEach(s -> steps.add(step(s)));
    json.put("steps", steps);
    // The per-second series without its histograms: those are in --series-json, for merging.
    JsonArray series = new JsonArray();
    report.series().forEach(i -> {
      JsonObject line = i.toJson();
      line.remove("latencyHistogram");
      line.remove("ackLatencyHistogram");
      JsonObject shapes = line.getJsonObject("shapes");
      if (shapes != null) {
        shapes.forEach(e -> ((JsonObject) e.getValue()).remove("latencyHistogram"));
      }
      series.add(line);
    });
    return json.put("series", series);
  }

  private static JsonObject connections(RunReport report) {
    var c = report.connections();
    return new JsonObject().put("target", c.target()).put("connected", c.connected())
        .put("joined", c.joined()).put("connectFailures", c.connectFailures()).put("joinFailures", c.joinFailures())
        .put("connectErrors", map(c.connectErrors())).put("joinErrors", map(c.joinErrors()))
        .put("closesByStatus", map(c.closeStatuses())).put("errorsOutsideSteps", map(c.errorsOutsideSteps()))
        .put("connectPhase", new JsonObject().put("joins", c.phase().joins())
            .put("seconds", finite(c.phase().seconds())).put("joinsPerSecond", finite(c.phase().joinsPerSecond()))
            .put("latencyMs", latency(LatencySummary.of(c.phase().latency()))));
  }

  /** JSON has no NaN: a measure with nothing to measure is left out. */
  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  static JsonObject step(StepResult s) {
    JsonObject json = new JsonObject()
        .put("step", s.step().index())
        .put("ratePerSender", s.step().ratePerSender())
        .put("window", new JsonObject().put("startMicros", s.step().windowStartMicros())
            .put("endMicros", s.step().windowEndMicros()).put("seconds", s.step().windowSeconds()))
        .put("pass", s.verdict().pass())
        .put("reasons", new JsonArray(s.verdict().reasons()))
        .put("checks", checks(s.verdict()))
        .put("connected", s.connected())
        .put("sent", s.sent())
        .put("refused", s.refused())
        .put("sendFailures", s.sendFailures())
        .put("expected", s.expected())
        .put("received", s.received())
        .put("lost", s.lost())
        .put("duplicates", s.duplicates())
        .put("outOfOrder", s.outOfOrder())
        .put("orderConsistent", s.orderConsistent())
        .put("deliveriesPerSecond", Math.round(s.deliveriesPerSecond() * 10) / 10.0)
        .put("acks", s.acks())
        .put("foreignMessages", s.foreign())
        .put("disconnects", s.disconnects())
        .put("sendLagMaxMs", s.sendLagMaxMicros() / 1000.0)
        .put("errorFrames", s.errorFrames())
        .put("errors", map(s.errors()))
        .put("latencyMs", latency(s.latencySummary()))
        .put("ackLatencyMs", latency(s.ackSummary()))
        .put("latencyPercentilesMs", percentiles(s.latency()));
    JsonArray rooms = new JsonArray();
    for (RoomResult r : s.rooms()) {
      JsonObject room = new JsonObject().put("room", r.room()).put("members", r.members())
          .put("messages", r.messages()).put("expected", r.expected()).put("received", r.received())
          .put("lost", r.lost()).put("completeMembers", r.complete()).put("orderConsistent", r.orderConsistent())
          .put("orderDigest", r.orderDigest());
      if (!r.shape().isEmpty()) {
        room.put("shape", r.shape());
      }
      rooms.add(room);
    }
    json.put("rooms", rooms);
    if (!s.shapes().isEmpty()) {
      JsonArray shapes = new JsonArray();
      for (ShapeResult sh : s.shapes()) {
        shapes.add(new JsonObject().put("shape", sh.shape()).put("rooms", sh.rooms()).put("messages", sh.messages())
            .put("expected", sh.expected()).put("received", sh.received()).put("lost", sh.lost())
            .put("deliveriesPerSecond", Math.round(sh.deliveriesPerSecond() * 10) / 10.0)
            .put("latencyMs", latency(sh.latencySummary())).put("latencyPercentilesMs", percentiles(sh.latency())));
      }
      json.put("shapes", shapes);
    }
    Recovery r = s.recovery();
    if (r.any()) {
      double back = r.allBackSeconds();
      json.put("recovery", new JsonObject().put("dropped", r.dropped()).put("rejoined", r.rejoined())
          .put("stillAway", r.stillAway()).put("reconnectFailures", r.reconnectFailures())
          .put("allBackSeconds", Double.isNaN(back) ? null : back)
          .put("rejoinLatencyMs", latency(LatencySummary.of(r.rejoinLatency())))
          .put("recovered", r.recovered()).put("unrecovered", r.unrecovered()).put("overlap", r.overlap()));
    }
    if (s.added().any()) {
      var a = s.added();
      json.put("addedMembers", new JsonObject().put("target", a.target()).put("joined", a.joined())
          .put("notJoined", a.failures()).put("seconds", finite(a.phase().seconds()))
          .put("joinsPerSecond", finite(a.phase().joinsPerSecond()))
          .put("latencyMs", latency(LatencySummary.of(a.phase().latency()))));
    }
    if (s.server() != null) {
      json.put("server", usage(s.server()));
    }
    if (s.loadgen() != null) {
      json.put("loadgen", usage(s.loadgen()));
    }
    return json;
  }

  private static JsonArray checks(Verdict v) {
    JsonArray out = new JsonArray();
    v.checks().forEach(c -> out.add(new JsonObject().put("expression", c.expression()).put("source", c.source())
        .put("actual", c.actual()).put("pass", c.pass())));
    return out;
  }

  private static JsonObject latency(LatencySummary l) {
    return new JsonObject().put("count", l.count()).put("p50", l.p50()).put("p90", l.p90()).put("p99", l.p99())
        .put("p999", l.p999()).put("max", l.max()).put("mean", Math.round(l.mean() * 1000) / 1000.0);
  }

  private static JsonArray percentiles(Histogram h) {
    JsonArray out = new JsonArray();
    if (h.getTotalCount() == 0) {
      return out;
    }
    for (double p : PLOT_PERCENTILES) {
      out.add(new JsonObject().put("percentile", p).put("ms", h.getValueAtPercentile(p) / 1000.0));
    }
    return out;
  }

  private static JsonObject usage(ProcUsage.Window w) {
    JsonObject json = new JsonObject().put("pid", w.pid());
    // A value /proc could not give is left out rather than written as null or NaN.
    if (Double.isFinite(w.cpuSeconds()) && Double.isFinite(w.cpuPercent())) {
      json.put("cpuSeconds", Math.round(w.cpuSeconds() * 100) / 100.0)
          .put("cpuPercent", Math.round(w.cpuPercent() * 100) / 100.0);
    }
    return json.put("rssStartKiB", w.rssStartKiB()).put("rssMaxKiB", w.rssMaxKiB()).put("rssEndKiB", w.rssEndKiB());
  }

  private static JsonObject map(Map<String, Long> m) {
    JsonObject json = new JsonObject();
    m.forEach(json::put);
    return json;
  }
}
