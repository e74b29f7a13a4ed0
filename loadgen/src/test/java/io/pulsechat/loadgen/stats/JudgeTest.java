package io.pulsechat.loadgen.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class JudgeTest {
  private static Accounting.Rules rules(String... thresholds) {
    return new Accounting.Rules(100, 0, 0, true, Arrays.stream(thresholds).map(Threshold::parse).toList());
  }

  static Histogram latency(long micros) {
    Histogram h = new Histogram(3);
    h.recordValueWithCount(micros, 1000);
    return h;
  }

  static StepResult result(long expected, long received, long duplicates, long outOfOrder, Histogram latency,
                           Map<String, Long> errors, List<RoomResult> rooms) {
    long refused = errors.getOrDefault("rate_limited", 0L);
    return new StepResult(new Step(1, 30, 0, 0, 4_000_000), 120, refused, 0, expected, received, duplicates,
        outOfOrder, 120, 0, 0, 10, 0, latency, latency(1_000), errors, rooms, null, null, Verdict.of(List.of()));
  }

  private static StepResult clean() {
    return result(1000, 1000, 0, 0, latency(2_000), Map.of(), List.of());
  }

  @Test
  void parsesK6StyleExpressionsWithUnits() {
    assertThat(Threshold.parse("p99<100ms")).isEqualTo(new Threshold("p99<100ms", "p99", Threshold.Op.LT, 100));
    assertThat(Threshold.parse(" p999 <= 0.5s ").value()).isEqualTo(500);
    assertThat(Threshold.parse("ack.p95<250us").value()).isEqualTo(0.25);
    assertThat(Threshold.parse("loss.rate<0.1%").value()).isEqualTo(0.001);
    assertThat(Threshold.parse("errors.rate_limited==0").metric()).isEqualTo("errors.rate_limited");
    assertThat(Threshold.parse("deliveries_per_second>=5000").op()).isEqualTo(Threshold.Op.GE);
  }

  @Test
  void refusesUnknownMeasuresAndWrongUnits() {
    assertThatThrownBy(() -> Threshold.parse("p98<100ms")).hasMessageContaining("unknown measure p98");
    assertThatThrownBy(() -> Threshold.parse("loss==0ms")).hasMessageContaining("plain number");
    assertThatThrownBy(() -> Threshold.parse("p99<100%")).hasMessageContaining("latency takes");
    assertThatThrownBy(() -> Threshold.parse("p99 fast")).hasMessageContaining("METRIC OP NUMBER");
  }

  @Test
  void aThresholdCanNameARoomShape() {
    Threshold t = Threshold.parse("shape[2x1000+1].p99 < 50ms");
    assertThat(t.shape()).isEqualTo("2x1000+1");
    assertThat(t.shapeKey()).isEqualTo("1000+1");
    assertThat(t.metric()).isEqualTo("p99");
    assertThat(t.value()).isEqualTo(50);
    assertThat(Threshold.parse("shape[10+1].loss.rate<1%").shapeKey()).isEqualTo("10+1");
    assertThat(Threshold.parse("p99<50ms").shapeKey()).isEmpty();
    assertThatThrownBy(() -> Threshold.parse("shape[big].p99<50ms")).hasMessageContaining("shape[big] is not a room shape");
    assertThatThrownBy(() -> Threshold.parse("shape[10+1].ack.p99<50ms"))
        .hasMessageContaining("ack.p99 is not measured by room shape");
  }

  /** Two shapes: 10 large rooms delivering slowly, 100 small ones quickly; the whole step's p99 hides neither. */
  private static StepResult mixed() {
    Histogram large = new Histogram(3);
    large.recordValueWithCount(80_000, 1000);
    Histogram small = new Histogram(3);
    small.recordValueWithCount(5_000, 99_000);
    Histogram all = large.copy();
    all.add(small);
    List<RoomResult> rooms = new java.util.ArrayList<>();
    rooms.add(new RoomResult("r0", 1001, 1, 1001, 1000, 0, true, "", "1000+1"));
    rooms.add(new RoomResult("r1", 11, 9000, 99_000, 99_000, 11, true, "ab", "10+1"));
    return new StepResult(new Step(1, 30, 0, 0, 4_000_000), 9001, 0, 0, 100_001, 100_000, 0, 0, 9001, 0, 0, 1012, 0,
        all, latency(1_000), Map.of(), rooms, null, null, Verdict.of(List.of()), Recovery.none(),
        Map.of("1000+1", large, "10+1", small));
  }

  @Test
  void aShapeThresholdJudgesOnlyThatShapesRooms() {
    StepResult s = mixed();
    // Over every delivery the p99 is the small rooms' 5 ms: the large rooms' 80 ms is only 1 % of them.
    assertThat(s.latencySummary().p99()).isLessThan(6);
    assertThat(s.shapes()).extracting(ShapeResult::label).containsExactly("1x1000+1", "1x10+1");
    assertThat(s.shape("1000+1").orElseThrow().lost()).isEqualTo(1);

    Verdict v = Judge.judge(s, rules("loss<=1", "shape[1000+1].p99<50ms", "shape[10+1].p99<50ms",
        "shape[10+1].loss==0", "shape[1000+1].loss.rate<0.5%"));
    assertThat(v.reasons()).containsExactly(
        "threshold shape[1000+1].p99<50ms failed: p99 of the rooms of shape 1000+1 was 80.06 ms");
    // A shape threshold does not replace the whole step's default p99 check.
    assertThat(v.checks()).extracting(Verdict.Check::expression).contains("p99<100.0ms");

    // A shape the step did not measure has no data, and fails.
    Verdict none = Judge.judge(s, rules("loss<=1", "shape[50+1].p99<50ms"));
    assertThat(none.reasons()).containsExactly("threshold shape[50+1].p99<50ms failed: p99 of the rooms of shape"
        + " 50+1 was no data");
  }

  @Test
  void membersAddedMidStepMustAllJoinUnlessAThresholdSaysOtherwise() {
    Histogram joins = new Histogram(3);
    joins.recordValueWithCount(300_000, 95);
    StepResult s = clean().withAdded(new Added(100, new ConnectPhase(joins, 1_000_000, 11_000_000)));
    assertThat(s.added().failures()).isEqualTo(5);
    assertThat(s.added().phase().joinsPerSecond()).isEqualTo(9.5);

    Verdict v = Judge.judge(s, rules());
    assertThat(v.reasons()).containsExactly("5 of 100 members added during the step had not joined when it ended");

    Verdict allowed = Judge.judge(s, rules("add_failures<=5", "add.p99<250ms", "add_rate>=9"));
    assertThat(allowed.reasons()).containsExactly("threshold add.p99<250ms failed: add.p99 was 300.03 ms");
  }

  @Test
  void aCleanStepPassesEveryDefaultCheck() {
    Verdict v = Judge.judge(clean(), rules());
    assertThat(v.pass()).isTrue();
    assertThat(v.checks()).extracting(Verdict.Check::expression).containsExactly("connect_failures==0",
        "join_failures==0", "loss==0", "duplicates==0", "out_of_order==0", "order_mismatches==0", "errors==0",
        "p99<100.0ms");
    assertThat(v.checks()).allMatch(Verdict.Check::pass);
  }

  @Test
  void refusedSendsFailTheDefaultVerdictEvenWithNoLoss() {
    // 11 of 120 sends refused: nothing is owed for them, so nothing is lost, and yet the run must fail.
    StepResult s = result(1090, 1090, 0, 0, latency(2_000), Map.of("rate_limited", 11L), List.of());

    Verdict v = Judge.judge(s, rules());

    assertThat(v.pass()).isFalse();
    assertThat(v.reasons()).singleElement().asString().contains("11 error frames", "rate_limited x11",
        "11 of 120 sends refused", "errors.rate_limited<=11");
  }

  @Test
  void aThresholdOnAnErrorCodeAllowsThatCodeOnly() {
    StepResult refusals = result(1090, 1090, 0, 0, latency(2_000), Map.of("rate_limited", 11L), List.of());
    assertThat(Judge.judge(refusals, rules("errors.rate_limited<=20")).pass()).isTrue();
    assertThat(Judge.judge(refusals, rules("errors.rate_limited==0")).reasons())
        .containsExactly("threshold errors.rate_limited==0 failed: errors.rate_limited was 11");

    StepResult mixed = result(1090, 1090, 0, 0, latency(2_000), Map.of("rate_limited", 11L, "not_member", 1L),
        List.of());
    Verdict v = Judge.judge(mixed, rules("errors.rate_limited<=20"));
    assertThat(v.pass()).isFalse();
    assertThat(v.reasons()).singleElement().asString().contains("not_member x1").doesNotContain("rate_limited x");
  }

  @Test
  void latencyThresholdsNameTheMeasureThatFailed() {
    StepResult slow = result(1000, 1000, 0, 0, latency(150_000), Map.of(), List.of());

    assertThat(Judge.judge(slow, rules()).reasons()).singleElement().asString()
        .startsWith("p99 150.");
    // A p99 threshold replaces the default bound.
    assertThat(Judge.judge(slow, rules("p99<200ms")).pass()).isTrue();
    Verdict v = Judge.judge(slow, rules("p99<200ms", "p999<120ms", "ack.p99<5ms"));
    assertThat(v.reasons()).containsExactly("threshold p999<120ms failed: p999 was 150.02 ms");
  }

  @Test
  void lossDuplicatesOrderAndConnectFailuresFailByDefault() {
    assertThat(Judge.judge(result(1000, 998, 3, 2, latency(2_000), Map.of(), List.of()), rules()).reasons())
        .containsExactly("lost 2 of 1000 deliveries", "3 duplicate deliveries", "2 deliveries out of order");
    assertThat(Judge.judge(clean(), new Accounting.Rules(100, 4, 1, true, List.of())).reasons())
        .containsExactly("4 connections failed", "1 joins failed");
    assertThat(Judge.judge(result(0, 0, 0, 0, new Histogram(3), Map.of(), List.of()), rules()).reasons())
        .containsExactly("no deliveries in the measured window");
    // A loss rate threshold replaces the default of no loss at all.
    StepResult lossy = result(100_000, 99_950, 0, 0, latency(2_000), Map.of(), List.of());
    assertThat(Judge.judge(lossy, rules("loss.rate<0.1%")).pass()).isTrue();
    assertThat(Judge.judge(lossy, rules("loss.rate<0.01%")).reasons())
        .containsExactly("threshold loss.rate<0.01% failed: loss.rate was 0.0500%");
  }

  @Test
  void connectLatencyAndRateAreThresholds() {
    Histogram connect = new Histogram(3);
    connect.recordValueWithCount(20_000, 99);
    connect.recordValue(900_000);
    // 100 first joins over 2 s: 50 a second; one took 900 ms.
    ConnectPhase phase = new ConnectPhase(connect, 1_000_000, 3_000_000);
    List<Threshold> t = List.of(Threshold.parse("connect.p99<100ms"), Threshold.parse("connect.max<1s"),
        Threshold.parse("connect_rate>=100"));
    Verdict v = Judge.judge(clean(), new Accounting.Rules(100, 0, 0, true, t, phase));
    assertThat(v.reasons()).containsExactly("threshold connect_rate>=100 failed: connect_rate was 50");
    assertThat(Judge.judge(clean(), new Accounting.Rules(100, 0, 0, true, List.of(Threshold.parse("connect.p999<500ms")),
        phase)).reasons()).containsExactly("threshold connect.p999<500ms failed: connect.p999 was 900.10 ms");
  }

  @Test
  void aMeasureWithNoDataFailsItsThreshold() {
    StepResult none = result(0, 0, 0, 0, new Histogram(3), Map.of(), List.of());
    assertThat(Judge.judge(none, rules("p99<100ms")).reasons()).contains("threshold p99<100ms failed: p99 was no data");
  }
}
