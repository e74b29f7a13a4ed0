package io.pulsechat.gateway.access;

import io.pulsechat.gateway.auth.Identity;
import io.pulsechat.gateway.store.AccessStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One room's rules as read from the {@link AccessStore}: whether it is private, its members'
 * roles, and its bans and mutes with their ends. Immutable.
 */
public final class RoomPolicy {
  /** Global role (in the token's role claim) with every right in every room. */
  public static final String ADMIN = "admin";
  /** Global role that moderates every public room. */
  public static final String MODERATOR = "moderator";

  private final String room;
  private final boolean privateRoom;
  private final Map<String, RoomRole> roles = new HashMap<>();
  private final Map<String, Long> bans = new HashMap<>();
  private final Map<String, Long> mutes = new HashMap<>();
  private final int rules;

  public RoomPolicy(String room, List<AccessStore.Entry> entries) {
    this.room = room;
    boolean isPrivate = false;
    for (AccessStore.Entry e : entries) {
      switch (e.kind()) {
        case ROOM -> isPrivate = true;
        case MEMBER -> {
          RoomRole role = RoomRole.of(e.value());
          if (role != null) {
            roles.put(e.subject(), role);
          }
        }
        case BAN -> bans.put(e.subject(), e.until());
        case MUTE -> mutes.put(e.subject(), e.until());
        default -> { }
      }
    }
    this.privateRoom = isPrivate;
    this.rules = roles.size() + bans.size() + mutes.size();
  }

  public String room() {
    return room;
  }

  public boolean isPrivate() {
    return privateRoom;
  }

  /** Members, bans and mutes together: what a room may hold at most {@code AUTH_ROOM_MAX_RULES} of. */
  public int rules() {
    return rules;
  }

  /**
   * The user's role here: the one the room gave it; else owner for a global admin; else, in a
   * public room, moderator for a global moderator and member for anyone; else none (null).
   */
  public RoomRole roleOf(Identity who) {
    RoomRole given = roles.get(who.user());
    if (given != null) {
      return given;
    }
    if (who.roles().contains(ADMIN)) {
      return RoomRole.OWNER;
    }
    if (privateRoom) {
      return null;
    }
    return who.roles().contains(MODERATOR) ? RoomRole.MODERATOR : RoomRole.MEMBER;
  }

  /** The role the room gave {@code user}, or null (its token's global roles are not known here). */
  public RoomRole givenRole(String user) {
    return roles.get(user);
  }

  public boolean visibleTo(Identity who) {
    return roleOf(who) != null;
  }

  /** Why {@code who} may not join the room or read its history now, or null when it may. */
  public String refuseReading(Identity who, long now) {
    if (roleOf(who) == null) {
      return room + " is private: its owner or a moderator must add you first";
    }
    return active(bans, who.user(), now) ? "you are banned from " + room + until(bans.get(who.user())) : null;
  }

  /** Why {@code user} may not send to the room now, or null when it may. */
  public String refuseSending(String user, long now) {
    if (active(bans, user, now)) {
      return "you are banned from " + room + until(bans.get(user));
    }
    return active(mutes, user, now) ? "you are muted in " + room + until(mutes.get(user)) : null;
  }

  private static boolean active(Map<String, Long> ends, String user, long now) {
    Long end = ends.get(user);
    return end != null && inForce(end, now);
  }

  /** Whether a ban or mute that ends at {@code until} (0: never) holds at {@code now}. */
  static boolean inForce(long until, long now) {
    return until == 0 || until > now;
  }

  private static String until(long end) {
    return end == 0 ? "" : " until " + Instant.ofEpochMilli(end);
  }
}
