package io.pulsechat.gateway.hub.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulsechat.gateway.hub.routing.Fleet;
import io.pulsechat.gateway.hub.routing.ShardCommand;
import io.pulsechat.gateway.hub.routing.ShardReply;
import io.pulsechat.gateway.metrics.GatewayMetrics;
import io.pulsechat.gateway.store.InMemoryMoodStore;
import io.pulsechat.sentiment.SentimentModels;
import io.pulsechat.sentiment.SentimentScorer;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RoomBoundsTest {
  static final String LOCAL = "local";
  static final SentimentScorer SCORER = SentimentModels.loadDefault();
  final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  RoomShard shard(RoomBounds bounds) {
    return new RoomShard(new RoomShard.Setup(new RoomShard.Settings("test", 100, Duration.ofMinutes(5), bounds,
        Duration.ofMinutes(1), -0.4, 10), new RoomShardTest.HeldStore(), new InMemoryMoodStore(), alert -> { },
        Fleet.alone(1), () -> SCORER, new GatewayMetrics(registry), clock::get, () -> false,
        MessageListener.NONE), (room, nodes, frame, except, id) -> { });
  }

  @Test
  void anEmptyRoomIsReleasedOnceItWasEmptyForTheKeepTime() {
    RoomShard shard = shard(new RoomBounds(100, Duration.ofSeconds(30), 100));
    shard.handle(LOCAL, new ShardCommand.Join("r", "ann", true));
    shard.handle(LOCAL, new ShardCommand.Leave("r", "ann"));

    clock.addAndGet(30_000);
    shard.tick();
    assertThat(shard.roomCount()).as("kept for a quick return").isEqualTo(1);

    clock.addAndGet(1_000);
    shard.tick();
    assertThat(shard.roomCount()).isZero();
  }

  @Test
  void pastTheBoundOnEmptyRoomsTheLongestEmptyAreReleasedFirst() {
    RoomShard shard = shard(new RoomBounds(100, Duration.ofMinutes(10), 2));
    for (String room : new String[] {"a", "b", "c", "d"}) {
      shard.handle(LOCAL, new ShardCommand.Join(room, "ann", true));
      shard.handle(LOCAL, new ShardCommand.Leave(room, "ann"));
      clock.addAndGet(1_000);
    }
    shard.handle(LOCAL, new ShardCommand.Join("busy", "bob", true));

    shard.tick();

    assertThat(shard.roomCount()).as("busy, c and d").isEqualTo(3);
    assertThat(shard.handle(LOCAL, new ShardCommand.Join("c", "ann", false)).result()).extracting(r -> ((ShardReply.Joined) r).history()).asList().isEmpty();
  }

  @Test
  void aNewRoomPastTheBoundTakesTheSpaceOfAnEmptyOneOrIsRefused() {
    RoomShard shard = shard(new RoomBounds(2, Duration.ofMinutes(10), 100));
    shard.handle(LOCAL, new ShardCommand.Join("a", "ann", true));
    shard.handle(LOCAL, new ShardCommand.Join("b", "ann", true));

    Future<ShardReply> third = shard.handle(LOCAL, new ShardCommand.Join("c", "ann", true));
    assertThat(third.result()).isEqualTo(new ShardReply.RoomsFull(2));
    assertThat(registry.get("pulsechat.rooms.refused").tag("limit", "node").counter().count()).isEqualTo(1);

    shard.handle(LOCAL, new ShardCommand.Leave("a", "ann"));
    assertThat(shard.handle(LOCAL, new ShardCommand.Join("c", "ann", true)).result()).as("a, empty, makes way")
        .isInstanceOf(ShardReply.Joined.class);
    assertThat(shard.roomCount()).isEqualTo(2);
  }

  @Test
  void aNodesBoundsAreSharedAmongItsShards() {
    RoomBounds node = new RoomBounds(20_000, Duration.ofSeconds(30), 1_000);
    assertThat(node.perShard(3)).isEqualTo(new RoomBounds(6_667, Duration.ofSeconds(30), 334));
    assertThat(RoomBounds.keepingEmpty(Duration.ofSeconds(1)).perShard(4).maxRooms()).isEqualTo(Integer.MAX_VALUE);
  }
}
