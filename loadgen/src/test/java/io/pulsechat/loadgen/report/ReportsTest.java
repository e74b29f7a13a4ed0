package io.pulsechat.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.loadgen.pool.ClientPool;
import io.pulsechat.loadgen.scenario.Disruption;
import io.pulsechat.loadgen.scenario.Scenario;
import io.pulsechat.loadgen.series.SeriesTest;
import io.pulsechat.loadgen.stats.ConnectPhase;
import io.pulsechat.loadgen.stats.RoomResult;
import io.pulsechat.loadgen.stats.Step;
import io.pulsechat.loadgen.stats.StepResult;
import io.pulsechat.loadgen.stats.Verdict;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportsTest {
  private static final Scenario SCENARIO = new Scenario(List.of(URI.create("ws://127.0.0.1:8080/ws")), 1, 10, 1,
      50, 200, 3, 1, 1000, List.of(), 2, "lg-t-", "t", Optional.empty(), Optional.empty(), 100, Optional.empty(),
      false, true, 10, 4, 2, 10, List.of(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
      Disruption.none(), List.of());

  private static StepResult step(int index, double rate, long micros, boolean pass) {
    Histogram latency = new Histogram(3);
    latency.recordValueWithCount(micros, 1000);
    latency.recordValue(micros * 3);
    return new StepResult(new Step(index, rate, 0, 1_000_000, 4_000_000), 150, 2, 0, 1650, 1650, 0, 0, 150, 0, 900,
        11, 0, latency, latency, Map.of("rate_limited", 2L),
        List.of(new RoomResult("lg-t-0", 11, 148, 1650, 1650, 11, true, "00ff")), null, null,
        Verdict.of(pass ? List.of() : List.of("2 error frames from the server (rate_limited x2)"),
            List.of(new Verdict.Check("errors==0", "default", "2", pass))));
  }

  private static RunReport report() {
    Histogram connect = new Histogram(3);
    for (int i = 1; i <= 11; i++) {
      connect.recordValue(i * 1_000L);
    }
    ClientPool.Connections c = new ClientPool.Connections(11, 11, 0, 11, 11, 0, Map.of(), Map.of(), Map.of(), Map.of(),
        new ConnectPhase(connect, 1_000_000, 3_000_000));
    return new RunReport(SCENARIO, Instant.parse("2026-11-22T10:00:00Z"), c,
        List.of(step(1, 10, 2_000, true), step(2, 20, 150_000, false)), Optional.of(10.0), Verdict.of(List.of()),
        List.of(SeriesTest.interval(1, 0, 1_000, 2_000, 1000), SeriesTest.interval(1, 1, 2_000, 5_000, 1100),
            SeriesTest.interval(1, 2, 3_000, 3_000, 1200)));
  }

  @Test
  void jsonHasTheScenarioVerdictAndEveryMeasure() {
    JsonObject json = JsonReport.render(report());

    assertThat(json.getString("mode")).isEqualTo("max-rate");
    assertThat(json.getDouble("maxRate")).isEqualTo(10.0);
    assertThat(json.getJsonObject("verdict").getBoolean("pass")).isTrue();
    assertThat(json.getJsonObject("scenario").getInteger("members")).isEqualTo(10);
    JsonObject summary = json.getJsonObject("summary");
    assertThat(summary.getInteger("step")).isEqualTo(1);
    assertThat(summary.fieldNames()).contains("expected", "received", "lost", "duplicates", "outOfOrder", "acks",
        "refused", "deliveriesPerSecond", "errors", "rooms", "window", "latencyPercentilesMs");
    assertThat(summary.getJsonObject("latencyMs").fieldNames())
        .containsExactlyInAnyOrder("count", "p50", "p90", "p99", "p999", "max", "mean");
    assertThat(summary.getJsonObject("errors").getLong("rate_limited")).isEqualTo(2);
    assertThat(summary.getLong("refused")).isEqualTo(2);
    assertThat(summary.getLong("errorFrames")).isEqualTo(2);
    assertThat(summary.getJsonArray("checks").getJsonObject(0).getString("expression")).isEqualTo("errors==0");
    assertThat(summary.getJsonArray("rooms").getJsonObject(0).getLong("messages")).isEqualTo(148);
    assertThat(json.getJsonArray("steps")).hasSize(2);
    assertThat(json.getJsonArray("series")).hasSize(3);
    assertThat(json.getJsonArray("series").getJsonObject(1).getJsonObject("latencyMs").getDouble("p99")).isEqualTo(5.003);
  }

  @Test
  void htmlIsSelfContainedWithAnSvgPlotOfEveryStep() {
    String html = HtmlReport.render(report());

    assertThat(html).contains("<svg", "<polyline", "p99 bound 100 ms", "step 2: 20 msg/s per sender", "lg-t-0");
    assertThat(html).contains("Over time", "Deliveries a second", "Delivery latency by second", "CPU (% of one core)");
    assertThat(html).contains("<th>refused</th>", "rate_limited", "<code>errors==0</code>");
    assertThat(html).doesNotContain("<script", "src=", "href=", "<link");
  }

  /** Two large rooms delivering slowly and fifty small ones quickly, second by second too. */
  private static RunReport shapes() {
    Histogram large = new Histogram(3);
    large.recordValueWithCount(60_000, 2_000);
    Histogram small = new Histogram(3);
    small.recordValueWithCount(4_000, 50_000);
    Histogram all = large.copy();
    all.add(small);
    StepResult s = new StepResult(new Step(1, 5, 0, 1_000_000, 11_000_000), 5_100, 0, 0, 52_000, 52_000, 0, 0,
        5_100, 0, 900, 2_602, 0, all, small, Map.of(),
        List.of(new RoomResult("lg-t-0", 1001, 50, 1_000, 1_000, 1001, true, "01", "1000+1"),
            new RoomResult("lg-t-1", 1001, 50, 1_000, 1_000, 1001, true, "02", "1000+1"),
            new RoomResult("lg-t-2", 11, 5_000, 50_000, 50_000, 11, true, "03", "10+1")),
        null, null, Verdict.of(List.of()), io.pulsechat.loadgen.stats.Recovery.none(),
        Map.of("1000+1", large, "10+1", small));
    List<io.pulsechat.loadgen.series.Interval> series = new java.util.ArrayList<>();
    for (int second = 0; second < 3; second++) {
      io.pulsechat.loadgen.series.Interval i = SeriesTest.interval(1, second, 1_000L * (second + 1), 4_000, 5_200);
      series.add(new io.pulsechat.loadgen.series.Interval(i.step(), i.phase(), i.second(), i.epochMillis(),
          i.seconds(), i.sent(), i.deliveries(), i.acks(), i.errors(), i.connections(), i.latency(), i.ackLatency(),
          i.serverCpuPercent(), i.serverRssKiB(), i.loadgenCpuPercent(), i.loadgenRssKiB(),
          Map.of("1000+1", new io.pulsechat.loadgen.series.Interval.Shape(200, large),
              "10+1", new io.pulsechat.loadgen.series.Interval.Shape(5_000, small))));
    }
    return new RunReport(SCENARIO, Instant.parse("2026-11-22T10:00:00Z"), report().connections(), List.of(s),
        Optional.empty(), Verdict.of(List.of()), series);
  }

  @Test
  void aRunOfSeveralShapesShowsEachShapesOwnDistributionInEveryReport() {
    String text = TextReport.render(shapes());
    assertThat(text).contains("by room shape");
    List<String> rows = text.lines().filter(l -> l.trim().matches("^1\\s+\\d+x.*")).toList();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).trim().split("\\s+")).startsWith("1", "2x1000+1", "2", "100", "2000", "2000", "0", "200",
        "60.03");
    assertThat(rows.get(1).trim().split("\\s+")).startsWith("1", "1x10+1", "1", "5000", "50000", "50000", "0",
        "5000", "4.00");

    JsonObject json = JsonReport.render(shapes());
    var byShape = json.getJsonObject("summary").getJsonArray("shapes");
    assertThat(byShape).hasSize(2);
    assertThat(byShape.getJsonObject(0).getString("shape")).isEqualTo("1000+1");
    assertThat(byShape.getJsonObject(0).getJsonObject("latencyMs").getDouble("p99")).isEqualTo(60.031);
    assertThat(byShape.getJsonObject(1).getLong("received")).isEqualTo(50_000);
    assertThat(json.getJsonObject("summary").getJsonArray("rooms").getJsonObject(2).getString("shape"))
        .isEqualTo("10+1");
    JsonObject second = json.getJsonArray("series").getJsonObject(0).getJsonObject("shapes");
    assertThat(second.getJsonObject("10+1").getLong("deliveries")).isEqualTo(5_000);
    assertThat(second.getJsonObject("10+1").fieldNames()).doesNotContain("latencyHistogram");

    String html = HtmlReport.render(shapes());
    assertThat(html).contains("By room shape", "<td>2x1000+1</td>", "Latency by room shape (step 1)",
        "Delivery latency p99 by second and room shape", "Deliveries a second by room shape");

    String om = io.pulsechat.loadgen.series.OpenMetrics.series(shapes().series(), "t");
    assertThat(om).contains("loadgen_shape_delivery_latency_seconds{run_id=\"t\",step=\"1\",shape=\"10+1\","
        + "percentile=\"99\"} 0.00400");
    assertThat(om).contains("loadgen_shape_deliveries_per_second{run_id=\"t\",step=\"1\",shape=\"1000+1\"}");
    // One TYPE line a family, however many shapes.
    assertThat(om.lines().filter(l -> l.equals("# TYPE loadgen_shape_delivery_latency_seconds gauge"))).hasSize(1);
  }

  @Test
  void theFirstScreenSaysWhatRanAndEveryReasonItFailed() {
    RunReport passed = shapes();
    RunReport failed = new RunReport(passed.scenario(), passed.started(), passed.connections(), passed.steps(),
        Optional.empty(), Verdict.of(List.of("threshold p99<10ms failed: p99 was 60.03 ms", "lost 3 of 52000")),
        passed.series());

    String text = TextReport.render(failed);
    assertThat(text.lines().findFirst().orElseThrow()).startsWith("run t: 1 rooms x (10 members + 1 senders)");
    assertThat(text).endsWith("verdict: FAIL, 2 reasons:\n  - threshold p99<10ms failed: p99 was 60.03 ms\n"
        + "  - lost 3 of 52000\n");
    assertThat(TextReport.render(passed)).endsWith("verdict: PASS\n");

    String html = HtmlReport.render(failed);
    int reasons = html.indexOf("<li>lost 3 of 52000</li>");
    assertThat(html.indexOf("run t: 1 rooms x")).isPositive().isLessThan(reasons);
    // The results come before the scenario's every option.
    assertThat(reasons).isLessThan(html.indexOf("<h2>Steps</h2>"));
    assertThat(html.indexOf("<h2>Steps</h2>")).isLessThan(html.indexOf("<h2>Scenario</h2>"));
  }

  @Test
  void aRunOfOneShapeHasNoShapeSection() {
    assertThat(TextReport.render(report())).doesNotContain("by room shape");
    assertThat(JsonReport.render(report()).getJsonObject("summary").containsKey("shapes")).isFalse();
  }

  @Test
  void textTableHasARowPerStep() {
    String text = TextReport.render(report());
    // 11 first joins from 1 s to 3 s, their connect latency 1 to 11 ms.
    assertThat(text).contains("connect phase: 11 first joins in 2 s (5.5 joins/s, --ramp 1000), first attempt to"
        + " joined p50 6.00 ms, p90 10.01 ms, p99 11.01 ms, max 11.01 ms");
    assertThat(text).contains("p99 ms", "refused", "errors", "max rate: 10 msg/s per sender", "verdict: PASS",
        "errors==0");
    assertThat(text.lines().filter(l -> l.trim().matches("^[12]\\s.*"))).hasSize(2);
  }
}
