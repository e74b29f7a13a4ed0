package io.pulsechat.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.auth.Identity;
import io.pulsechat.gateway.store.AccessStore.Entry;
import io.pulsechat.gateway.store.AccessStore.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoomPolicyTest {
  static Identity user(String name, String... roles) {
    return new Identity(name, name, List.of(roles), Long.MAX_VALUE);
  }

  static final RoomPolicy CLUB = new RoomPolicy("club", List.of(
      new Entry("club", Kind.ROOM, "", "private", 0, "alice", 1),
      new Entry("club", Kind.MEMBER, "alice", "owner", 0, "alice", 1),
      new Entry("club", Kind.MEMBER, "carol", "moderator", 0, "alice", 2),
      new Entry("club", Kind.MEMBER, "bob", "member", 0, "alice", 3),
      new Entry("club", Kind.BAN, "bob", null, 5_000, "carol", 4),
      new Entry("club", Kind.MUTE, "dave", null, 0, "carol", 4)));

  @Test
  void aPrivateRoomHasRolesOnlyForItsMembersAndGlobalAdmins() {
    assertThat(CLUB.roleOf(user("alice"))).isEqualTo(RoomRole.OWNER);
    assertThat(CLUB.roleOf(user("carol"))).isEqualTo(RoomRole.MODERATOR);
    assertThat(CLUB.roleOf(user("mallory"))).isNull();
    assertThat(CLUB.roleOf(user("mallory", "moderator"))).as("a global moderator moderates public rooms only").isNull();
    assertThat(CLUB.roleOf(user("root", "admin"))).isEqualTo(RoomRole.OWNER);
    assertThat(CLUB.visibleTo(user("mallory"))).isFalse();
    assertThat(CLUB.rules()).isEqualTo(5);
  }

  @Test
  void aPublicRoomMakesEveryoneAMemberAndGlobalModeratorsModerators() {
    RoomPolicy lobby = new RoomPolicy("lobby", List.of());
    assertThat(lobby.isPrivate()).isFalse();
    assertThat(lobby.roleOf(user("anyone"))).isEqualTo(RoomRole.MEMBER);
    assertThat(lobby.roleOf(user("mod", "moderator"))).isEqualTo(RoomRole.MODERATOR);
    assertThat(lobby.refuseReading(user("anyone"), 0)).isNull();
  }

  @Test
  void bansHoldUntilTheyEndAndMutesOnlyStopSending() {
    assertThat(CLUB.refuseReading(user("bob"), 4_999)).contains("banned");
    assertThat(CLUB.refuseSending("bob", 4_999)).contains("banned");
    assertThat(CLUB.refuseReading(user("bob"), 5_000)).isNull();
    assertThat(CLUB.refuseSending("bob", 5_000)).isNull();
    assertThat(CLUB.refuseSending("dave", Long.MAX_VALUE)).contains("muted");
  }

  @Test
  void onlyAStrongerRoleActsOnAnother() {
    assertThat(RoomRole.OWNER.outranks(RoomRole.MODERATOR)).isTrue();
    assertThat(RoomRole.MODERATOR.outranks(RoomRole.MEMBER)).isTrue();
    assertThat(RoomRole.MODERATOR.outranks(null)).isTrue();
    assertThat(RoomRole.MODERATOR.outranks(RoomRole.MODERATOR)).isFalse();
    assertThat(RoomRole.MEMBER.outranks(RoomRole.MODERATOR)).isFalse();
    assertThat(RoomRole.MEMBER.moderates()).isFalse();
  }
}
