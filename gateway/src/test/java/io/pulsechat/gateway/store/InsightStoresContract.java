package io.pulsechat.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every pair of mood and feedback stores must do, run against each implementation. Rooms
 * are unique per test, so implementations may share one database across tests.
 */
abstract class InsightStoresContract {
  protected abstract InsightStores stores();

  @Test
  void moodMinutesAreWrittenInBatchesAndReadBackInOrder() throws Exception {
    String busy = "busy-" + UUID.randomUUID();
    String other = "other-" + UUID.randomUUID();
    long t0 = 1_700_000_040_000L - 1_700_000_040_000L % 60_000;
    List<MoodStore.Minute> minutes = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      minutes.add(new MoodStore.Minute(busy, t0 + i * 60_000L, 0.0 - 0.123456789 * i, i, 2 * i, 3));
    }
    minutes.add(new MoodStore.Minute(other, t0, 1.0, 1, 0, 0));
    await(stores().mood().save(minutes));

    List<MoodStore.Minute> all = await(stores().mood().since(busy, t0));
    assertThat(all).containsExactlyElementsOf(minutes.subList(0, 60));
    assertThat(await(stores().mood().since(busy, t0 + 50 * 60_000L))).hasSize(10);
    assertThat(await(stores().mood().since("nobody", 0))).isEmpty();

    // writing a minute again replaces it
    MoodStore.Minute again = new MoodStore.Minute(other, t0, 2.5, 3, 1, 0);
    await(stores().mood().save(List.of(again)));
    assertThat(await(stores().mood().since(other, 0))).containsExactly(again);
  }

  @Test
  void flagsAreStoredOncePerUserAndMessageAndExported() throws Exception {
    String lobby = "lobby-" + UUID.randomUUID();
    FeedbackStore.Flag first = new FeedbackStore.Flag(lobby, "0001", "ann", "so slow today", "neutral", "m1",
        "positive", 10);
    FeedbackStore.Flag changed = new FeedbackStore.Flag(lobby, "0001", "ann", "so slow today", "neutral", "m1",
        "negative", 11);
    FeedbackStore.Flag other = new FeedbackStore.Flag(lobby, "0001", "bob", "so slow today", "neutral", "m1",
        "negative", 12);
    await(stores().feedback().put(first));
    await(stores().feedback().put(changed));
    await(stores().feedback().put(other));
    assertThat(await(stores().feedback().all())).filteredOn(f -> f.room().equals(lobby))
        .containsExactly(changed, other);
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void accessEntriesAreKeptPerRoomReplacedByKeyAndActionsListedNewestFirst() throws Exception {
    AccessStore access = stores().access();
    String room = "club-" + UUID.randomUUID();
    String other = "other-" + UUID.randomUUID();
    AccessStore.Entry made = new AccessStore.Entry(room, AccessStore.Kind.ROOM, "", "private", 0, "alice", 1000);
    AccessStore.Entry owner = new AccessStore.Entry(room, AccessStore.Kind.MEMBER, "alice", "owner", 0, "alice", 1000);
    AccessStore.Entry bob = new AccessStore.Entry(room, AccessStore.Kind.MEMBER, "bob", "member", 0, "alice", 1001);
    AccessStore.Entry ban = new AccessStore.Entry(room, AccessStore.Kind.BAN, "bob", null, 9000, "alice", 1002);
    for (AccessStore.Entry e : List.of(made, owner, bob, ban,
        new AccessStore.Entry(other, AccessStore.Kind.MUTE, "bob", null, 0, "carol", 5))) {
      await(access.put(e));
    }
    for (int i = 0; i < 3; i++) {
      await(access.put(new AccessStore.Entry(room, AccessStore.Kind.ACTION, AccessStore.actionSubject(2000 + i, "bob"),
          i == 0 ? "kick" : "ban", 0, "alice", 2000 + i)));
    }
    AccessStore.Entry alert = new AccessStore.Entry(room, AccessStore.Kind.ALERT, AccessStore.actionSubject(2500, ""),
        "{\"room\":\"x\"}", 0, "gateway", 2500);
    await(access.put(alert));
    assertThat(await(access.entries(room))).containsExactlyInAnyOrder(made, owner, bob, ban);
    assertThat(await(access.log(room, AccessStore.Kind.ALERT, 10))).containsExactly(alert);

    AccessStore.Entry moderator = new AccessStore.Entry(room, AccessStore.Kind.MEMBER, "bob", "moderator", 0, "alice",
        3000);
    await(access.put(moderator));
    await(access.remove(room, AccessStore.Kind.BAN, "bob"));
    await(access.remove(room, AccessStore.Kind.BAN, "nobody"));
    assertThat(await(access.entries(room))).containsExactlyInAnyOrder(made, owner, moderator);

    List<AccessStore.Entry> actions = await(access.log(room, AccessStore.Kind.ACTION, 2));
    assertThat(actions).extracting(AccessStore.Entry::at).containsExactly(2002L, 2001L);
    assertThat(actions.get(0).subject()).isEqualTo(AccessStore.actionSubject(2002, "bob"));
    assertThat(await(access.log(other, AccessStore.Kind.ACTION, 10))).isEmpty();
    assertThat(await(access.entries("nobody-" + UUID.randomUUID()))).isEmpty();
  }
}
