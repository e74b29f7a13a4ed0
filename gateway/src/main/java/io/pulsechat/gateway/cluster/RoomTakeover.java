package io.pulsechat.gateway.cluster;

import io.pulsechat.gateway.hub.routing.Takeover;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A room's {@link Takeover} in a fleet. A room loaded with a past may have members on any node,
 * which its owner learns of only as their nodes hand them back after the previous owner left:
 * until then (it "settles") its frames go to every node, and a send is taken on its node's word.
 * Once settled, the users of the last snapshot who did not come back died with the old owner.
 */
public final class RoomTakeover implements Takeover {
  /** Long enough for every node that holds members to hand them back to a new owner. */
  public static final Duration SETTLE_TIME = Duration.ofSeconds(10);

  private final List<String> lastMembers;
  private long settledAt;
  /** Who was in the room by its last snapshot, when it was loaded with a past; null once compared. */
  private Set<String> before;
  /** Taken over without a snapshot naming its members: they hear the new count at the next tick. */
  private boolean recount;

  /** {@code lastMembers}: who was in the room by the fleet's last snapshot, empty when none. */
  public RoomTakeover(List<String> lastMembers) {
    this.lastMembers = lastMembers;
  }

  @Override
  public void loaded(boolean withPast, long now) {
    settledAt = withPast ? now + SETTLE_TIME.toMillis() : now;
    if (settling(now) && !lastMembers.isEmpty()) {
      before = new HashSet<>(lastMembers);
    }
  }

  @Override
  public void moved(long now) {
    settledAt = Math.max(settledAt, now + SETTLE_TIME.toMillis());
  }

  @Override
  public void handedBack(long now) {
    moved(now);
    recount = before == null;
  }

  @Override
  public boolean settling(long now) {
    return now < settledAt;
  }

  @Override
  public Set<String> whoDied(long now, boolean large, Predicate<String> present) {
    if (before == null || settling(now)) {
      return Set.of();
    }
    Set<String> gone = before;
    before = null;
    if (large) {
      recount = true;
      return Set.of();
    }
    gone.removeIf(present);
    return gone;
  }

  @Override
  public boolean takeRecount() {
    boolean take = recount;
    recount = false;
    return take;
  }
}
