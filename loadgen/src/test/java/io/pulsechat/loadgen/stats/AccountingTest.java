package io.pulsechat.loadgen.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class AccountingTest {
  private static final Accounting.Rules RULES = new Accounting.Rules(100, 0, 0, true, List.of());

  @Test
  void tellsDuplicatesFromLateArrivals() {
    SeqTracker t = new SeqTracker();
    assertThat(t.accept(0)).isEqualTo(SeqTracker.Arrival.IN_ORDER);
    assertThat(t.accept(2)).isEqualTo(SeqTracker.Arrival.IN_ORDER);
    assertThat(t.accept(1)).isEqualTo(SeqTracker.Arrival.OUT_OF_ORDER);
    assertThat(t.accept(1)).isEqualTo(SeqTracker.Arrival.DUPLICATE);
    assertThat(t.accept(2)).isEqualTo(SeqTracker.Arrival.DUPLICATE);
    assertThat(t.accept(5000)).isEqualTo(SeqTracker.Arrival.IN_ORDER);
    assertThat(t.accept(4999)).isEqualTo(SeqTracker.Arrival.OUT_OF_ORDER);
    assertThat(t.accept(10)).isEqualTo(SeqTracker.Arrival.OUT_OF_ORDER);
  }

  @Test
  void aLiveCopyOfAMessageReadInHistoryIsOverlapNotADuplicate() {
    SeqTracker t = new SeqTracker();
    t.accept(0);
    // Rejoined: history holds 1 and 2, stored but not yet broadcast; they then arrive live.
    assertThat(t.acceptFromHistory(1)).isEqualTo(SeqTracker.Arrival.IN_ORDER);
    assertThat(t.acceptFromHistory(2)).isEqualTo(SeqTracker.Arrival.IN_ORDER);
    assertThat(t.accept(1)).isEqualTo(SeqTracker.Arrival.READ_IN_HISTORY);
    assertThat(t.accept(2)).isEqualTo(SeqTracker.Arrival.READ_IN_HISTORY);
    // A third copy, or a live message delivered twice, stays a duplicate.
    assertThat(t.accept(2)).isEqualTo(SeqTracker.Arrival.DUPLICATE);
    assertThat(t.accept(3)).isEqualTo(SeqTracker.Arrival.IN_ORDER);
    assertThat(t.accept(3)).isEqualTo(SeqTracker.Arrival.DUPLICATE);
    // History repeating what came live is overlap too, told by DUPLICATE from history.
    assertThat(t.acceptFromHistory(3)).isEqualTo(SeqTracker.Arrival.DUPLICATE);
    assertThat(t.accept(3)).isEqualTo(SeqTracker.Arrival.DUPLICATE);
    assertThat(t.holes()).isZero();
  }

  @Test
  void aMarkReadInHistorySlidesOutOfTheWindowWithItsNumber() {
    SeqTracker t = new SeqTracker();
    t.acceptFromHistory(5);
    // The window moves past 5: the slot that held it now holds 5 + WINDOW, seen live only.
    t.accept(5 + SeqTracker.WINDOW);
    assertThat(t.accept(5 + SeqTracker.WINDOW)).isEqualTo(SeqTracker.Arrival.DUPLICATE);
    t.acceptFromHistory(6 + SeqTracker.WINDOW);
    t.accept(6 + 2L * SeqTracker.WINDOW - 1);
    t.accept(6 + 2L * SeqTracker.WINDOW);
    assertThat(t.accept(6 + 2L * SeqTracker.WINDOW)).isEqualTo(SeqTracker.Arrival.DUPLICATE);
  }

  @Test
  void mergesLoopsAndCountsLossesPerRoom() {
    Step step = new Step(1, 10, 0, 0, 1_000_000);
    WorkerStats a = new WorkerStats(2);
    WorkerStats b = new WorkerStats(2);
    a.expected = 30;
    a.received = 28;
    a.roomMessages[0] = 10;
    a.roomExpected[0] = 30;
    a.roomReceived[0] = 20;
    b.roomReceived[0] = 8;
    b.received = 0;
    b.duplicates = 0;
    long inOrder = digest(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    List<MemberOutcome> outcomes = List.of(new MemberOutcome(0, 10, inOrder), new MemberOutcome(0, 10, inOrder),
        new MemberOutcome(0, 8, digest(0, 1, 2, 3, 4, 5, 6, 7)));
    Histogram latency = new Histogram(3);
    latency.recordValue(5_000);

    StepResult r = Accounting.merge(step, List.of(a, b), outcomes, latency, new Histogram(3), List.of("r0", "r1"),
        new int[] {3, 0}, 3, null, null, RULES);

    assertThat(r.lost()).isEqualTo(2);
    assertThat(r.rooms().get(0).lost()).isEqualTo(2);
    assertThat(r.rooms().get(0).complete()).isEqualTo(2);
    assertThat(r.rooms().get(0).orderConsistent()).isTrue();
    assertThat(r.rooms().get(0).orderDigest()).isEqualTo(OrderDigest.hex(inOrder));
    assertThat(r.verdict().pass()).isFalse();
    assertThat(r.verdict().reasons()).containsExactly("lost 2 of 30 deliveries");
  }

  @Test
  void aRoomWhoseMembersDisagreeOnOrderFails() {
    List<MemberOutcome> outcomes = List.of(new MemberOutcome(0, 3, digest(0, 1, 2)),
        new MemberOutcome(0, 3, digest(0, 2, 1)));
    RoomResult room = Accounting.room("r0", 2, 3, 6, 6, outcomes);
    assertThat(room.orderConsistent()).isFalse();

    Verdict v = Judge.judge(JudgeTest.result(6, 6, 0, 0, JudgeTest.latency(2_000), Map.of(), List.of(room)), RULES);
    assertThat(v.reasons()).containsExactly("members of room r0 saw its messages in different orders");
  }

  private static long digest(long... seqs) {
    long d = OrderDigest.EMPTY;
    for (long s : seqs) {
      d = OrderDigest.next(d, 0, s);
    }
    return d;
  }
}
