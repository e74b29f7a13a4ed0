package io.pulsechat.gateway.store;

import io.vertx.core.Future;
import java.util.List;
import java.util.Locale;

/**
 * Who may do what in which room: private rooms, their members and roles, bans, mutes, and the log
 * of moderation actions. Kept per room, as entries keyed by (room, kind, subject); a room without
 * entries is public and unmoderated. Futures complete on the caller's Vert.x context.
 */
public interface AccessStore {

  /** What an entry says; its wire name is the lower-case name. */
  enum Kind {
    /** The room is private; {@code by} created it. Subject empty. */
    ROOM,
    /** {@code subject} belongs to the room with role {@code value} (owner, moderator, member). */
    MEMBER,
    /** {@code subject} may not join, send or read until {@code until} (0: for good). */
    BAN,
    /** {@code subject} may read but not send until {@code until} (0: for good). */
    MUTE,
    /** One moderation action: {@code subject} is {@code <at, 13 digits>#<target>}, {@code value} the action. */
    ACTION,
    /** One sentiment alert: {@code subject} is {@code <at, 13 digits>#}, {@code value} the alert's JSON. */
    ALERT;

    /** Whether entries of this kind are a log (read newest first), not a rule of the room. */
    public boolean logged() {
      return this == ACTION || this == ALERT;
    }

    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wire() {
      return wire;
    }
  }

  /**
   * One entry.
   *
   * @param until epoch milliseconds when a ban or mute ends, 0 for never
   * @param by    the user who made it
   * @param at    when, epoch milliseconds
   */
  record Entry(String room, Kind kind, String subject, String value, long until, String by, long at) {
  }

  /** Every rule of the room: its entries except the logged ones (actions, alerts). */
  Future<List<Entry>> entries(String room);

  /** Stores an entry, replacing one with the same room, kind and subject. */
  Future<Void> put(Entry entry);

  /** Removes the entry, if there is one. */
  Future<Void> remove(String room, Kind kind, String subject);

  /** The room's latest {@code limit} entries of a logged kind (actions, alerts), newest first. */
  Future<List<Entry>> log(String room, Kind kind, int limit);

  /** The subject of a logged entry: sorts by time, then target (empty for an alert). */
  static String actionSubject(long at, String target) {
    return String.format(Locale.ROOT, "%013d#%s", at, target);
  }
}
