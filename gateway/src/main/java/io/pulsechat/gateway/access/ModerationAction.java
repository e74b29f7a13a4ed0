package io.pulsechat.gateway.access;

import java.util.Locale;

/** What a moderator may do to a user of a room. */
public enum ModerationAction {
  /** Leave the room now; may join again. */
  KICK(true),
  /** Leave the room now, and may not join, send or read its history until the ban ends. */
  BAN(true),
  UNBAN(false),
  /** Stay and read, but not send, until the mute ends. */
  MUTE(false),
  UNMUTE(false);

  private final String wire = name().toLowerCase(Locale.ROOT);
  private final boolean evicts;

  ModerationAction(boolean evicts) {
    this.evicts = evicts;
  }

  public String wire() {
    return wire;
  }

  /** Whether the user's connections leave the room at once. */
  public boolean evicts() {
    return evicts;
  }

  /** Whether it takes a duration (ban and mute). */
  public boolean lasts() {
    return this == BAN || this == MUTE;
  }

  /** The action of a wire name, or null. */
  public static ModerationAction of(String wire) {
    for (ModerationAction a : values()) {
      if (a.wire.equals(wire)) {
        return a;
      }
    }
    return null;
  }
}
