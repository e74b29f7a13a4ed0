package io.pulsechat.loadgen.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.loadgen.pool.ClientPool;
import io.pulsechat.loadgen.series.Interval;
import io.pulsechat.loadgen.stats.Accounting;
import io.pulsechat.loadgen.stats.ConnectPhase;
import io.pulsechat.loadgen.stats.Judge;
import io.pulsechat.loadgen.stats.RoomResult;
import io.pulsechat.loadgen.stats.ShapeResult;
import io.pulsechat.loadgen.stats.Step;
import io.pulsechat.loadgen.stats.StepResult;
import io.pulsechat.loadgen.stats.Threshold;
import io.pulsechat.loadgen.stats.Verdict;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Nine rooms measured by one generator, and the same nine rooms measured by three generators of
 * three rooms each: the merged report must be the single generator's, to the last percentile.
 */
class MergeTest {
  private static final Step STEP = new Step(1, 20, 0, 1_000_000, 11_000_000);
  private static final Accounting.Rules RULES = new Accounting.Rules(100, 0, 0, true,
      List.of(Threshold.parse("p999<80ms"), Threshold.parse("errors.rate_limited<=40")));

  /** Rooms 0 to 2 are of one shape, 3 to 8 of another, as {@code --room-shapes 3x1000+1,6x10+1} makes them. */
  private static String shape(int room) {
    return room < 3 ? "1000+1" : "10+1";
  }

  /** What one generator measured of {@code rooms}: every room's deliveries have their own latency spread. */
  private static StepResult generator(List<Integer> rooms) {
    Map<String, Histogram> shapes = new TreeMap<>();
    Histogram latency = new Histogram(3);
    Histogram acks = new Histogram(3);
    Map<String, Long> errors = new TreeMap<>();
    List<RoomResult> results = new ArrayList<>();
    long sent = 0;
    long expected = 0;
    long received = 0;
    for (int r : rooms) {
      int members = 10 + 40 * r;
      long messages = 200 - r;
      for (int m = 0; m < messages; m++) {
        // Room 8's tail is far slower: an averaged p99 would hide it, an added histogram does not.
        long micros = 1_000 + 37L * m + (r == 8 && m % 50 == 0 ? 90_000 : 0);
        latency.recordValueWithCount(micros, members);
        shapes.computeIfAbsent(shape(r), k -> new Histogram(3)).recordValueWithCount(micros, members);
        acks.recordValue(500 + 11L * m);
      }
      errors.merge("rate_limited", (long) r, Long::sum);
      sent += messages + r;
      expected += messages * members;
      received += messages * members;
      results.add(new RoomResult("room-" + r, members, messages, messages * members, messages * members, members,
          true, "00" + r, shape(r)));
    }
    StepResult s = new StepResult(STEP, sent, errors.get("rate_limited"), 0, expected, received, 0, 0, sent, 0,
        1_500 * rooms.size(), rooms.stream().mapToInt(r -> 10 + 40 * r).sum(), 0, latency, acks, errors, results,
        null, null, Verdict.of(List.of()), io.pulsechat.loadgen.stats.Recovery.none(), shapes);
    return s.withVerdict(Judge.judge(s, RULES));
  }

  private static JsonObject report(StepResult s) throws Exception {
    Method step = io.pulsechat.loadgen.report.JsonReport.class.getDeclaredMethod("step", StepResult.class);
    step.setAccessible(true);
    return (JsonObject) step.invoke(null, s);
  }

  @Test
  void threeGeneratorsMergedEqualOneGeneratorOnTheSameData() throws Exception {
    StepResult single = generator(IntStream.range(0, 9).boxed().toList());
    List<StepResult> parts = List.of(generator(List.of(0, 3, 6)), generator(List.of(1, 4, 7)),
        generator(List.of(2, 5, 8)));

    // Through the wire format too, as the coordinator receives them.
    StepResult merged = Merge.steps(parts.stream().map(p -> Codec.step(new JsonObject(Codec.step(p).encode())))
        .toList(), RULES);

    assertThat(merged.latency()).isEqualTo(single.latency());
    assertThat(merged.ackLatency()).isEqualTo(single.ackLatency());
    JsonObject expected = report(single);
    JsonObject actual = report(merged);
    // The one measure that is a maximum, not a sum: the merge takes the largest of the parts'.
    expected.remove("sendLagMaxMs");
    actual.remove("sendLagMaxMs");
    assertThat(actual).isEqualTo(expected);
    assertThat(merged.verdict()).isEqualTo(single.verdict());
    assertThat(merged.verdict().reasons()).containsExactly("threshold p999<80ms failed: p999 was 96.58 ms");

    // Averaging the parts' p99.9 would have passed the threshold that the whole fails.
    double averaged = parts.stream().mapToDouble(p -> p.latency().getValueAtPercentile(99.9) / 1000.0).average()
        .orElseThrow();
    assertThat(averaged).isLessThan(80);
  }

  @Test
  void eachRoomShapesDistributionIsMergedNotAveraged() throws Exception {
    Accounting.Rules rules = new Accounting.Rules(100, 0, 0, true, List.of(Threshold.parse("p999<100ms"),
        Threshold.parse("errors.rate_limited<=40"), Threshold.parse("shape[6x10+1].p999<80ms"),
        Threshold.parse("shape[1000+1].p99<10ms")));
    StepResult single = Merge.steps(List.of(generator(IntStream.range(0, 9).boxed().toList())), rules);
    List<StepResult> parts = List.of(generator(List.of(0, 3, 6)), generator(List.of(1, 4, 7)),
        generator(List.of(2, 5, 8)));
    StepResult merged = Merge.steps(parts.stream().map(p -> Codec.step(new JsonObject(Codec.step(p).encode())))
        .toList(), rules);

    assertThat(merged.shapeLatency()).isEqualTo(single.shapeLatency());
    assertThat(merged.shapes()).isEqualTo(single.shapes());
    assertThat(merged.shapes()).extracting(ShapeResult::label).containsExactly("3x1000+1", "6x10+1");
    ShapeResult small = merged.shape("10+1").orElseThrow();
    assertThat(small.received()).isEqualTo(IntStream.range(3, 9).mapToLong(r -> (200L - r) * (10 + 40 * r)).sum());
    // The shapes partition the step: their deliveries add up to every delivery of it.
    assertThat(merged.shapes().stream().mapToLong(r -> r.latency().getTotalCount()).sum())
        .isEqualTo(merged.latency().getTotalCount());
    assertThat(report(merged).getJsonArray("shapes")).isEqualTo(report(single).getJsonArray("shapes"));
    assertThat(merged.verdict()).isEqualTo(single.verdict());
    assertThat(merged.verdict().reasons()).containsExactly(
        "threshold shape[6x10+1].p999<80ms failed: p999 of the rooms of shape 10+1 was 96.58 ms");

    // The small rooms' parts, averaged, would have passed: agent 2 alone holds room 8's slow tail.
    double averaged = parts.stream().mapToDouble(p -> p.shape("10+1").orElseThrow().latency()
        .getValueAtPercentile(99.9) / 1000.0).average().orElseThrow();
    assertThat(averaged).isLessThan(80);
  }

  @Test
  void membersAddedOnEveryAgentMergeIntoOneConnectRamp() {
    List<StepResult> parts = new ArrayList<>();
    for (int agent = 0; agent < 3; agent++) {
      Histogram joins = new Histogram(3);
      joins.recordValueWithCount(100_000L * (agent + 1), 100);
      // Agent 2 got 98 of its 100 in: two not joined over the run.
      if (agent == 2) {
        joins.reset();
        joins.recordValueWithCount(300_000, 98);
      }
      StepResult p = generator(List.of(agent)).withAdded(new io.pulsechat.loadgen.stats.Added(100,
          new ConnectPhase(joins, 1_000_000L + agent * 100_000, 5_000_000L + agent * 1_000_000)));
      parts.add(Codec.step(new JsonObject(Codec.step(p).encode())));
    }
    StepResult merged = Merge.steps(parts, RULES);

    assertThat(merged.added().target()).isEqualTo(300);
    assertThat(merged.added().joined()).isEqualTo(298);
    assertThat(merged.added().failures()).isEqualTo(2);
    // From the first agent's first attempt to the last agent's last join: 1 s to 7 s.
    assertThat(merged.added().phase().seconds()).isEqualTo(6.0);
    assertThat(merged.added().phase().latency().getValueAtPercentile(50)).isBetween(199_000L, 201_000L);
    assertThat(merged.verdict().reasons()).contains("2 of 300 members added during the step had not joined when it"
        + " ended");
  }

  @Test
  void seriesAndConnectionsMergeSecondBySecond() {
    List<Interval> all = new ArrayList<>();
    for (int agent = 0; agent < 3; agent++) {
      for (int second = 0; second < 4; second++) {
        Histogram h = new Histogram(3);
        h.recordValueWithCount(1_000 * (agent + 1), 100);
        Histogram small = new Histogram(3);
        small.recordValueWithCount(500 * (agent + 1), 60);
        Interval i = new Interval(1, "window", second, 1_000L * second, 1.0, 10, 100, 10, agent, 5, h,
            new Histogram(3), agent == 0 ? 40.0 : Double.NaN, agent == 0 ? 1024 : -1, 10.0, 2048,
            Map.of("1000+1", new Interval.Shape(40, h), "10+1", new Interval.Shape(60, small)));
        // Through the JSON line an agent streams to its coordinator.
        all.add(Interval.fromJson(new JsonObject(i.toJson().encode())));
      }
    }
    List<Interval> merged = Merge.series(all);

    assertThat(merged).hasSize(4);
    assertThat(merged).allSatisfy(i -> {
      assertThat(i.deliveries()).isEqualTo(300);
      assertThat(i.errors()).isEqualTo(3);
      assertThat(i.connections()).isEqualTo(15);
      assertThat(i.latency().getTotalCount()).isEqualTo(300);
      assertThat(i.latency().getMaxValue()).isEqualTo(3_001);
      assertThat(i.serverCpuPercent()).isEqualTo(40.0);
      assertThat(i.loadgenCpuPercent()).isEqualTo(30.0);
      assertThat(i.shapes().get("1000+1").deliveries()).isEqualTo(120);
      assertThat(i.shapes().get("10+1").deliveries()).isEqualTo(180);
      assertThat(i.shapes().get("10+1").latency().getTotalCount()).isEqualTo(180);
      assertThat(i.shapes().get("10+1").latency().getMaxValue()).isBetween(1_500L, 1_501L);
    });
    assertThat(merged).extracting(Interval::second).containsExactly(0, 1, 2, 3);

    Histogram fast = new Histogram(3);
    fast.recordValueWithCount(2_000, 10);
    Histogram slow = new Histogram(3);
    slow.recordValueWithCount(50_000, 11);
    ClientPool.Connections a = new ClientPool.Connections(10, 10, 0, 10, 10, 0, Map.of(), Map.of(), Map.of("1006", 1L),
        Map.of(), new ConnectPhase(fast, 5_000_000, 6_000_000));
    ClientPool.Connections b = new ClientPool.Connections(12, 11, 1, 11, 11, 0, Map.of("ConnectException", 1L),
        Map.of(), Map.of("1006", 2L), Map.of(), new ConnectPhase(slow, 4_000_000, 7_000_000));
    ClientPool.Connections c = Merge.connections(List.of(a, Codec.connections(Codec.connections(b))));
    assertThat(c.target()).isEqualTo(22);
    assertThat(c.connectFailures()).isEqualTo(1);
    assertThat(c.closeStatuses()).containsEntry("1006", 3L);
    assertThat(c.connectErrors()).containsEntry("ConnectException", 1L);
    // Connect latencies added, not averaged; the phase spans the first attempt to the last join of either.
    assertThat(c.phase().joins()).isEqualTo(21);
    assertThat(c.phase().latency().getValueAtPercentile(50)).isBetween(49_000L, 51_000L);
    assertThat(c.phase().seconds()).isEqualTo(3.0);
    assertThat(c.phase().joinsPerSecond()).isEqualTo(7.0);
  }
}
