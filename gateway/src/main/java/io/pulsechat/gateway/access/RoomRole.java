package io.pulsechat.gateway.access;

import java.util.Locale;

/** A user's role in one room, strongest first; one may act on another only when it ranks above it. */
public enum RoomRole {
  OWNER,
  MODERATOR,
  MEMBER;

  private final String wire = name().toLowerCase(Locale.ROOT);

  public String wire() {
    return wire;
  }

  /** Whether this role may kick, ban or mute, or remove from the room, a user of role {@code other}. */
  public boolean outranks(RoomRole other) {
    return other == null || ordinal() < other.ordinal();
  }

  public boolean moderates() {
    return this == OWNER || this == MODERATOR;
  }

  /** The role of a wire name, or null. */
  public static RoomRole of(String wire) {
    for (RoomRole r : values()) {
      if (r.wire.equals(wire)) {
        return r;
      }
    }
    return null;
  }
}
