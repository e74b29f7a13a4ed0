package io.pulsechat.loadgen.stats;

/**
 * One room in one measured window.
 *
 * @param messages        messages sent into the room in the window and not refused
 * @param complete        members that received all of them
 * @param orderConsistent whether every complete member received them in one order
 * @param orderDigest     that order's {@link OrderDigest}, empty when no member is complete or they disagree
 */
public record RoomResult(String room, int members, long messages, long expected, long received, int complete,
                         boolean orderConsistent, String orderDigest) {

  public long lost() {
    return Math.max(0, expected - received);
  }
}
