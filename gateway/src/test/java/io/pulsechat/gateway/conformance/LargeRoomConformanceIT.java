package io.pulsechat.gateway.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * "Large rooms", with the threshold lowered from 100 to 3 (CHAT_LARGE_ROOM) so that a handful
 * of connections make a large room. The 100-name cap of joined.members is not configurable and
 * is tested with 101 users.
 */
@DisplayName("large rooms")
class LargeRoomConformanceIT {
  private static final int THRESHOLD = 3;
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(Map.of("CHAT_LARGE_ROOM", Integer.toString(THRESHOLD)));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static Predicate<JsonObject> members(String room) {
    return f -> "members".equals(f.getString("type")) && room.equals(f.getString("room"));
  }

  /** Joins users until the room has more than the threshold online; returns the first member. */
  private static ChatClient fillPastThreshold(String room, List<ChatClient> all) {
    for (int i = 0; i <= THRESHOLD; i++) {
      all.add(gateway.join(room, "m" + i));
    }
    return all.get(0);
  }

  @Test
  @DisplayName("while a room has more than the threshold online, joins and leaves send no presence; members frames (room, count) instead")
  void noPresenceAboveTheThreshold() {
    String room = TestGateway.room("large-quiet");
    List<ChatClient> all = new ArrayList<>();
    ChatClient first = fillPastThreshold(room, all);
    first.drain(f -> true);

    ChatClient fifth = gateway.join(room, "fifth");
    first.await(members(room).and(f -> f.getInteger("count") == THRESHOLD + 2), "members with count 5");
    fifth.send(new JsonObject().put("type", "leave").put("room", room));
    fifth.await("left");
    JsonObject last = first.await(members(room).and(f -> f.getInteger("count") == THRESHOLD + 1), "members with count 4");

    assertThat(last.fieldNames()).containsExactlyInAnyOrder("type", "room", "count");
    assertThat(first.received()).noneMatch(f -> "presence".equals(f.getString("type")) && "fifth".equals(f.getString("user")));
    all.get(1).await(members(room).and(f -> f.getInteger("count") == THRESHOLD + 1), "members at another member");
  }

  @Test
  @DisplayName("every member gets at most one members frame a second, and only when the count has changed")
  void membersFramesAtMostOnceASecondAndOnlyOnChange() throws InterruptedException {
    String room = TestGateway.room("large-rate");
    List<ChatClient> all = new ArrayList<>();
    ChatClient first = fillPastThreshold(room, all);
    List<Long> arrivals = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();

    // Joins every 150 ms for 3 s: 20 count changes, which must collapse into about one frame a second.
    int joins = 20;
    long start = System.nanoTime();
    for (int i = 0; i < joins; i++) {
      gateway.join(room, "late" + i);
      Thread.sleep(150); // the rule is about time: changes spread over several seconds
    }
    int finalCount = THRESHOLD + 1 + joins;
    while (counts.isEmpty() || counts.get(counts.size() - 1) != finalCount) {
      JsonObject m = first.await(members(room), "members frame with the final count " + finalCount);
      arrivals.add(first.arrivalNanos(m));
      counts.add(m.getInteger("count"));
    }
    first.expectNothing(members(room), "members frame without a count change", 2_500);

    double seconds = (arrivals.get(arrivals.size() - 1) - start) / 1e9;
    assertThat(counts.size()).as("members frames over %.1f s: %s", seconds, counts)
        .isLessThanOrEqualTo((int) Math.ceil(seconds) + 1);
    for (int i = 1; i < counts.size(); i++) {
      assertThat(counts.get(i)).as("count of members frame %d after %s", i, counts).isNotEqualTo(counts.get(i - 1));
      // 100 ms of slack for timer and scheduling jitter on a shared machine.
      assertThat((arrivals.get(i) - arrivals.get(i - 1)) / 1_000_000).as("ms between members frames %d and %d", i - 1, i)
          .isGreaterThanOrEqualTo(900);
    }
  }

  @Test
  @DisplayName("joined lists at most 100 member names (sorted) and always carries the full count")
  void joinedListsAtMost100NamesAndTheFullCount() {
    String room = TestGateway.room("large-101");
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String user = String.format("user%03d", i);
      users.add(user);
      gateway.join(room, user);
    }
    ChatClient last = gateway.connect();

    JsonObject joined = last.join(room, "user100");

    users.add("user100");
    assertThat(joined.getInteger("count")).isEqualTo(101);
    List<Object> names = joined.getJsonArray("members").getList();
    assertThat(names).hasSize(100).doesNotHaveDuplicates().isSubsetOf(new ArrayList<Object>(users));
    assertThat(names.stream().map(String.class::cast).toList()).isSorted();
  }

  @Test
  @DisplayName("typing in a room with more members than the threshold is not passed on (Extensions: conversation)")
  void noTypingAboveTheThreshold() {
    String room = TestGateway.room("large-typing");
    List<ChatClient> all = new ArrayList<>();
    ChatClient first = fillPastThreshold(room, all);
    all.get(1).send(new JsonObject().put("type", "typing").put("room", room));
    all.get(1).ping();
    first.expectNothing(f -> "typing".equals(f.getString("type")), "typing in a large room", 500);
    assertThat(gateway.metrics()).containsPattern("pulsechat_typing_dropped_total(\\{[^}]*\\})? [1-9]");
  }
}
