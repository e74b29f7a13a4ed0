package io.pulsechat.loadgen.distributed;

import io.pulsechat.loadgen.pool.ClientPool;
import io.pulsechat.loadgen.series.Interval;
import io.pulsechat.loadgen.stats.ConnectPhase;
import io.pulsechat.loadgen.stats.ProcUsage;
import io.pulsechat.loadgen.stats.Recovery;
import io.pulsechat.loadgen.stats.RoomResult;
import io.pulsechat.loadgen.stats.Step;
import io.pulsechat.loadgen.stats.StepResult;
import io.pulsechat.loadgen.stats.Verdict;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Step results and connection counts as JSON, losslessly (histograms in HdrHistogram's
 * compressed form), so that a coordinator can merge exactly what each agent measured. The
 * verdict does not travel: the coordinator judges the merge.
 */
final class Codec {
  private Codec() {
  }

  static JsonObject step(StepResult s) {
    JsonObject json = new JsonObject()
        .put("index", s.step().index()).put("rate", s.step().ratePerSender())
        .put("startMicros", s.step().startMicros()).put("windowStartMicros", s.step().windowStartMicros())
        .put("windowEndMicros", s.step().windowEndMicros())
        .put("sent", s.sent()).put("refused", s.refused()).put("sendFailures", s.sendFailures())
        .put("expected", s.expected()).put("received", s.received()).put("duplicates", s.duplicates())
        .put("outOfOrder", s.outOfOrder()).put("acks", s.acks()).put("foreign", s.foreign())
        .put("sendLagMaxMicros", s.sendLagMaxMicros()).put("connected", s.connected())
        .put("disconnects", s.disconnects())
        .put("latency", Interval.encode(s.latency())).put("ackLatency", Interval.encode(s.ackLatency()))
        .put("errors", map(s.errors()));
    JsonArray rooms = new JsonArray();
    for (RoomResult r : s.rooms()) {
      rooms.add(new JsonObject().put("room", r.room()).put("members", r.members()).put("messages", r.messages())
          .put("expected", r.expected()).put("received", r.received()).put("complete", r.complete())
          .put("orderConsistent", r.orderConsistent()).put("orderDigest", r.orderDigest()).put("shape", r.shape()));
    }
    json.put("rooms", rooms);
    JsonObject shapes = new JsonObject();
    s.shapeLatency().forEach((shape, h) -> shapes.put(shape, Interval.encode(h)));
    json.put("shapeLatency", shapes);
    json.put("recovery", recovery(s.recovery()));
    json.put("added", new JsonObject().put("target", s.added().target())
        .put("latency", Interval.encode(s.added().phase().latency()))
        .put("firstAttemptMicros", s.added().phase().firstAttemptMicros())
        .put("lastJoinMicros", s.added().phase().lastJoinMicros()));
    if (s.server() != null) {
      json.put("server", usage(s.server()));
    }
    if (s.loadgen() != null) {
      json.put("loadgen", usage(s.loadgen()));
    }
    return json;
  }

  static StepResult step(JsonObject j) {
    Step step = new Step(j.getInteger("index"), j.getDouble("rate"), j.getLong("startMicros"),
        j.getLong("windowStartMicros"), j.getLong("windowEndMicros"));
    List<RoomResult> rooms = j.getJsonArray("rooms").stream().map(o -> (JsonObject) o)
        .map(r -> new RoomResult(r.getString("room"), r.getInteger("members"), r.getLong("messages"),
            r.getLong("expected"), r.getLong("received"), r.getInteger("complete"), r.getBoolean("orderConsistent"),
            r.getString("orderDigest"), r.getString("shape", "")))
        .toList();
    Map<String, org.HdrHistogram.Histogram> shapes = new TreeMap<>();
    j.getJsonObject("shapeLatency", new JsonObject())
        .forEach(e -> shapes.put(e.getKey(), Interval.decode((String) e.getValue())));
    return new StepResult(step, j.getLong("sent"), j.getLong("refused"), j.getLong("sendFailures"),
        j.getLong("expected"), j.getLong("received"), j.getLong("duplicates"), j.getLong("outOfOrder"),
        j.getLong("acks"), j.getLong("foreign"), j.getLong("sendLagMaxMicros"), j.getInteger("connected"),
        j.getLong("disconnects"), Interval.decode(j.getString("latency")), Interval.decode(j.getString("ackLatency")),
        longs(j.getJsonObject("errors")), rooms, usage(j.getJsonObject("server")), usage(j.getJsonObject("loadgen")),
        Verdict.of(List.of()), recovery(j.getJsonObject("recovery")), shapes, added(j.getJsonObject("added")));
  }

  private static io.pulsechat.loadgen.stats.Added added(JsonObject j) {
    if (j == null) {
      return io.pulsechat.loadgen.stats.Added.none();
    }
    return new io.pulsechat.loadgen.stats.Added(j.getLong("target"), new ConnectPhase(
        Interval.decode(j.getString("latency")), j.getLong("firstAttemptMicros"), j.getLong("lastJoinMicros")));
  }

  private static JsonObject recovery(Recovery r) {
    return new JsonObject().put("dropped", r.dropped()).put("rejoined", r.rejoined()).put("stillAway", r.stillAway())
        .put("reconnectFailures", r.reconnectFailures()).put("recovered", r.recovered()).put("overlap", r.overlap())
        .put("unrecovered", r.unrecovered()).put("firstDropMicros", r.firstDropMicros())
        .put("lastRejoinMicros", r.lastRejoinMicros()).put("rejoinLatency", Interval.encode(r.rejoinLatency()));
  }

  private static Recovery recovery(JsonObject j) {
    if (j == null) {
      return Recovery.none();
    }
    return new Recovery(j.getLong("dropped"), j.getLong("rejoined"), j.getLong("stillAway"),
        j.getLong("reconnectFailures"), j.getLong("recovered"), j.getLong("overlap"), j.getLong("unrecovered"),
        j.getLong("firstDropMicros"), j.getLong("lastRejoinMicros"), Interval.decode(j.getString("rejoinLatency")));
  }

  static JsonObject connections(ClientPool.Connections c) {
    return new JsonObject().put("target", c.target()).put("connected", c.connected())
        .put("connectFailures", c.connectFailures()).put("joined", c.joined()).put("joinsCompleted", c.joinsCompleted())
        .put("joinFailures", c.joinFailures()).put("connectErrors", map(c.connectErrors()))
        .put("joinErrors", map(c.joinErrors())).put("closeStatuses", map(c.closeStatuses()))
        .put("errorsOutsideSteps", map(c.errorsOutsideSteps()))
        .put("connectLatency", Interval.encode(c.phase().latency()))
        .put("firstAttemptMicros", c.phase().firstAttemptMicros()).put("lastJoinMicros", c.phase().lastJoinMicros());
  }

  static ClientPool.Connections connections(JsonObject j) {
    return new ClientPool.Connections(j.getLong("target"), j.getLong("connected"), j.getLong("connectFailures"),
        j.getLong("joined"), j.getLong("joinsCompleted"), j.getLong("joinFailures"),
        longs(j.getJsonObject("connectErrors")), longs(j.getJsonObject("joinErrors")),
        longs(j.getJsonObject("closeStatuses")), longs(j.getJsonObject("errorsOutsideSteps")),
        new ConnectPhase(Interval.decode(j.getString("connectLatency")), j.getLong("firstAttemptMicros"),
            j.getLong("lastJoinMicros")));
  }

  private static JsonObject usage(ProcUsage.Window w) {
    return new JsonObject().put("pid", w.pid()).put("cpuSeconds", w.cpuSeconds()).put("cpuPercent", w.cpuPercent())
        .put("rssStartKiB", w.rssStartKiB()).put("rssMaxKiB", w.rssMaxKiB()).put("rssEndKiB", w.rssEndKiB());
  }

  private static ProcUsage.Window usage(JsonObject j) {
    if (j == null) {
      return null;
    }
    return new ProcUsage.Window(j.getLong("pid"), number(j.getValue("cpuSeconds")), number(j.getValue("cpuPercent")),
        j.getLong("rssStartKiB"), j.getLong("rssMaxKiB"), j.getLong("rssEndKiB"));
  }

  /** Vert.x writes NaN as the string "NaN". */
  private static double number(Object v) {
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static JsonObject map(Map<String, Long> m) {
    JsonObject json = new JsonObject();
    m.forEach(json::put);
    return json;
  }

  private static Map<String, Long> longs(JsonObject j) {
    Map<String, Long> out = new TreeMap<>();
    j.forEach(e -> out.put(e.getKey(), ((Number) e.getValue()).longValue()));
    return out;
  }
}
