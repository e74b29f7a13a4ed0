package io.pulsechat.gateway.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulsechat.gateway.metrics.GatewayMetrics;
import io.pulsechat.sentiment.SentimentModels;
import io.pulsechat.sentiment.SentimentScorer;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RoomBoundsTest {
  static final SentimentScorer SCORER = SentimentModels.loadDefault();
  final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  RoomShard shard(RoomBounds bounds) {
    return new RoomShard(new RoomShard.Settings("test", 100, Duration.ofMinutes(5), bounds, Duration.ofMinutes(1),
        -0.4, 10), new RoomShardTest.HeldStore(), () -> SCORER, (room, nodes, frame, except, id) -> { },
        new GatewayMetrics(registry), clock::get, () -> false);
  }

  @Test
  void anEmptyRoomIsReleasedOnceItWasEmptyForTheKeepTime() {
    RoomShard shard = shard(new RoomBounds(100, Duration.ofSeconds(30), 100));
    shard.join("r", "ann", true);
    shard.leave("r", "ann");

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
      shard.join(room, "ann", true);
      shard.leave(room, "ann");
      clock.addAndGet(1_000);
    }
    shard.join("busy", "bob", true);

    shard.tick();

    assertThat(shard.roomCount()).as("busy, c and d").isEqualTo(3);
    assertThat(shard.join("c", "ann", false).result().history()).isEmpty();
  }

  @Test
  void aNewRoomPastTheBoundTakesTheSpaceOfAnEmptyOneOrIsRefused() {
    RoomShard shard = shard(new RoomBounds(2, Duration.ofMinutes(10), 100));
    shard.join("a", "ann", true);
    shard.join("b", "ann", true);

    Future<ShardMessages.JoinResult> third = shard.join("c", "ann", true);
    assertThat(third.failed()).isTrue();
    assertThat(third.cause()).isInstanceOf(RoomsFullException.class);
    assertThat(registry.get("pulsechat.rooms.refused").tag("limit", "node").counter().count()).isEqualTo(1);

    shard.leave("a", "ann");
    assertThat(shard.join("c", "ann", true).succeeded()).as("a, empty, makes way").isTrue();
    assertThat(shard.roomCount()).isEqualTo(2);
  }

  @Test
  void aNodesBoundsAreSharedAmongItsShards() {
    RoomBounds node = new RoomBounds(20_000, Duration.ofSeconds(30), 1_000);
    assertThat(node.perShard(3)).isEqualTo(new RoomBounds(6_667, Duration.ofSeconds(30), 334));
    assertThat(RoomBounds.keepingEmpty(Duration.ofSeconds(1)).perShard(4).maxRooms()).isEqualTo(Integer.MAX_VALUE);
  }
}
