package io.pulsechat.gateway.hub.routing;

import java.util.Set;
import java.util.function.Predicate;

/**
 * How a room's owner treats a room that may have moved to it from an owner that left the fleet:
 * the {@link Fleet} gives one with each room loaded, and the owner asks it where frames go, whose
 * word to take, and whom to announce gone. Not thread-safe: used on the owner's thread only.
 */
public interface Takeover {

  /** The room was loaded; {@code withPast}: it has stored messages, so it may have members on other nodes. */
  void loaded(boolean withPast, long now);

  /** A command of a member reached this owner for a room it did not hold: the room just moved here. */
  void moved(long now);

  /** A node handed back the connections it holds in the room. */
  void handedBack(long now);

  /**
   * True while the room's members may still be on their way back from an owner that left: the
   * room's frames go to every node, and a sender's node is taken at its word on membership.
   */
  boolean settling(long now);

  /**
   * Once the room has settled, the users who were in it by the old owner's last snapshot and did
   * not come back ({@code present} tells who is back); empty until then, and after. A room that is
   * {@code large} by then hears its count instead ({@link #takeRecount}).
   */
  Set<String> whoDied(long now, boolean large, Predicate<String> present);

  /** True once when the members should hear the room's count: it was taken over without names. */
  boolean takeRecount();

  /** A room that never moves: the owner of a gateway on its own. */
  Takeover NONE = new Takeover() {
    @Override
    public void loaded(boolean withPast, long now) {
    }

    @Override
    public void moved(long now) {
    }

    @Override
    public void handedBack(long now) {
    }

    @Override
    public boolean settling(long now) {
      return false;
    }

    @Override
    public Set<String> whoDied(long now, boolean large, Predicate<String> present) {
      return Set.of();
    }

    @Override
    public boolean takeRecount() {
      return false;
    }
  };
}
