package io.pulsechat.gateway.hub.room;

import io.pulsechat.gateway.hub.insights.MoodPoint;
import io.pulsechat.gateway.hub.insights.SentimentAlert;
import io.pulsechat.gateway.hub.routing.Fleet;
import io.pulsechat.gateway.hub.routing.ShardCommand;
import io.pulsechat.gateway.hub.routing.ShardReply;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.metrics.GatewayMetrics;
import io.pulsechat.gateway.store.InMemoryMessageStore;
import io.pulsechat.gateway.store.InMemoryMoodStore;
import io.pulsechat.gateway.store.MoodStore;
import io.pulsechat.sentiment.SentimentModels;
import io.pulsechat.sentiment.SentimentScorer;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The room owner's mood persistence and spike alerts, with in-memory stores and a test clock. */
class RoomInsightsTest {
  static final String LOCAL = "local";
  static final SentimentScorer SCORER = SentimentModels.loadDefault();
  static final RoomShard.Settings SETTINGS = new RoomShard.Settings("test", 100, Duration.ofMinutes(5),
      RoomBounds.keepingEmpty(Duration.ofMinutes(10)), Duration.ofMinutes(1), -0.4, 10);
  static final String ANGRY = "this is awful, I hate it, worst update ever";

  final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
  final List<SentimentAlert> alerts = new ArrayList<>();
  final InMemoryMessageStore messages = new InMemoryMessageStore();
  final AtomicInteger clientMsgIds = new AtomicInteger();

  RoomShard shard(MoodStore moodStore) {
    return new RoomShard(new RoomShard.Setup(SETTINGS, messages, moodStore, alerts::add, Fleet.alone(1),
        () -> SCORER, GatewayMetrics.discarding(), clock::get, () -> false, MessageListener.NONE),
        (room, nodes, frame, except, id) -> { });
  }

  static List<MoodPoint> series(RoomShard shard) {
    return ((ShardReply.MoodReport) shard.handle(LOCAL, new ShardCommand.MoodQuery("r")).result()).series();
  }

  void send(RoomShard shard, String text, int n) {
    for (int i = 0; i < n; i++) {
      assertThat(shard.handle(LOCAL, new ShardCommand.Send("r", "ann", text, "c" + clientMsgIds.incrementAndGet())).result()).isInstanceOf(ShardReply.Acked.class);
    }
  }

  @Test
  void oneAlertPerSpikeNotOnePerMessage() {
    assertThat(SCORER.score(ANGRY).score()).as("the test's premise").isLessThan(-0.4);
    RoomShard shard = shard(new InMemoryMoodStore());
    shard.handle(LOCAL, new ShardCommand.Join("r", "ann", true));
    send(shard, ANGRY, 9);
    shard.tick();
    assertThat(alerts).as("fewer than 10 messages").isEmpty();
    send(shard, ANGRY, 1);
    shard.tick();
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).room()).isEqualTo("r");
    assertThat(alerts.get(0).mood().messages()).isEqualTo(10);
    for (int i = 0; i < 5; i++) {
      send(shard, ANGRY, 3);
      clock.addAndGet(1_000);
      shard.tick();
    }
    assertThat(alerts).hasSize(1);
  }

  @Test
  void moodMinutesAreWrittenEachFlushAndServedAfterARestart() {
    InMemoryMoodStore moodStore = new InMemoryMoodStore();
    RoomShard first = shard(moodStore);
    first.handle(LOCAL, new ShardCommand.Join("r", "ann", true));
    send(first, "what a lovely day", 3);
    clock.addAndGet(60_000);
    send(first, ANGRY, 2);
    first.tick();
    List<MoodPoint> before = series(first);
    assertThat(before).hasSize(2);
    assertThat(moodStore.since("r", 0).result()).hasSize(2);

    // a new owner (a restarted gateway) that has not loaded the room answers from the store
    RoomShard second = shard(moodStore);
    assertThat(series(second)).isEqualTo(before);
    // and a room loaded again continues the same minute instead of starting it over
    second.handle(LOCAL, new ShardCommand.Join("r", "ann", true));
    send(second, ANGRY, 1);
    List<MoodPoint> after = series(second);
    assertThat(after).hasSize(2);
    assertThat(after.get(1).negative()).isEqualTo(before.get(1).negative() + 1);
  }

  @Test
  void aFailingMoodStoreNeverBlocksSendsAndIsRetried() {
    AtomicInteger failuresLeft = new AtomicInteger(1);
    InMemoryMoodStore backing = new InMemoryMoodStore();
    MoodStore flaky = new MoodStore() {
      @Override
      public Future<Void> save(List<Minute> minutes) {
        return failuresLeft.getAndDecrement() > 0 ? Future.failedFuture(new RuntimeException("throttled"))
            : backing.save(minutes);
      }

      @Override
      public Future<List<Minute>> since(String room, long fromT) {
        return backing.since(room, fromT);
      }
    };
    RoomShard shard = shard(flaky);
    shard.handle(LOCAL, new ShardCommand.Join("r", "ann", true));
    send(shard, "fine", 2);
    clock.addAndGet(60_000);
    shard.tick();
    assertThat(backing.since("r", 0).result()).isEmpty();
    send(shard, "still fine", 1);
    clock.addAndGet(60_000);
    shard.tick();
    assertThat(backing.since("r", 0).result()).extracting(MoodStore.Minute::messages).containsExactly(2, 1);
  }

  @Test
  void anEvictedRoomsMoodIsWrittenAtOnce() {
    InMemoryMoodStore moodStore = new InMemoryMoodStore();
    RoomShard shard = shard(moodStore);
    shard.handle(LOCAL, new ShardCommand.Join("r", "ann", true));
    send(shard, "hello", 1);
    shard.handle(LOCAL, new ShardCommand.Leave("r", "ann"));
    clock.addAndGet(Duration.ofMinutes(10).toMillis() + 1);
    // the flush period has passed too, but eviction alone must not lose the minute
    shard.tick();
    assertThat(shard.roomCount()).isZero();
    assertThat(moodStore.since("r", 0).result()).hasSize(1);
  }
}
