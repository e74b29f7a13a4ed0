package io.pulsechat.gateway.hub.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageIdsTest {

  @Test
  void idsSortAsStringsInIssueOrderEvenWithinOneMillisecondAndWhenTheClockGoesBack() {
    MessageIds ids = new MessageIds("ab12");
    List<String> issued = new ArrayList<>();
    long[] clock = {5_000, 5_000, 5_000, 4_000, 9_000, 9_000};
    for (long now : clock) {
      issued.add(ids.next(now));
    }
    assertThat(issued).isSorted().doesNotHaveDuplicates();
    assertThat(issued.get(0)).isEqualTo("00000000050000000ab12");
  }

  @Test
  void tenThousandInOneMillisecondBorrowTheNext() {
    MessageIds ids = new MessageIds("x");
    String last = null;
    for (int i = 0; i < 10_001; i++) {
      String id = ids.next(1_000);
      if (last != null) {
        assertThat(id).isGreaterThan(last);
      }
      last = id;
    }
    assertThat(ids.lastTs()).isEqualTo(1_001);
  }

  @Test
  void resumesAfterAStoredIdSoThatNewIdsSortAfterIt() {
    MessageIds before = new MessageIds("aaaa");
    String stored = before.next(7_000);
    stored = before.next(7_000);
    MessageIds after = new MessageIds("zzzz");
    after.resumeAfter(stored);
    assertThat(after.next(7_000)).isGreaterThan(stored);
    assertThat(after.next(6_000)).isGreaterThan(stored);
  }
}
