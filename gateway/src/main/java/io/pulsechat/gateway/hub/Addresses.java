package io.pulsechat.gateway.hub;

/** Event-bus addresses of the hub. */
public final class Addresses {
  private Addresses() {
  }

  /** Where the owner of a shard takes commands. */
  public static String shard(int index) {
    return "pulsechat.shard." + index;
  }

  /** Where a room's frames are published; each event loop with members of the room listens. */
  public static String room(String room) {
    return "pulsechat.room." + room;
  }
}
