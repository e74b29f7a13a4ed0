package io.pulsechat.loadgen.stats;

/**
 * One room in one measured window.
 *
 * @param messages        messages sent into the room in the window and not refused
 * @param complete        members that received all of them
 * @param orderConsistent whether every complete member received them in one order
 * @param orderDigest     that order's {@link OrderDigest}, empty when no member is complete or they disagree
 * @param shape           the room's shape as {@link io.pulsechat.loadgen.scenario.RoomShape#key()}, empty in a
 *                        run of one shape
 */
public record RoomResult(String room, int members, long messages, long expected, long received, int complete,
                         boolean orderConsistent, String orderDigest, String shape) {

  /** A room of a run of one shape. */
  public RoomResult(String room, int members, long messages, long expected, long received, int complete,
                    boolean orderConsistent, String orderDigest) {
    this(room, members, messages, expected, received, complete, orderConsistent, orderDigest, "");
  }

  public long lost() {
    return Math.max(0, expected - received);
  }
}
