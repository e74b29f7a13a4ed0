package io.pulsechat.loadgen.scenario;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code count} rooms of one shape: {@code members} receive-only members and {@code senders}
 * members that also send. A run of several shapes (a few large rooms and many small ones) takes
 * its rooms in the order of its shapes.
 */
public record RoomShape(int count, int members, int senders) {
  private static final Pattern SPEC = Pattern.compile("(\\d{1,9})x(\\d{1,9})\\+(\\d{1,9})");

  /** Reads {@code COUNTxMEMBERS+SENDERS}, e.g. {@code 2x1000+1}: two rooms of 1,000 members and one sender. */
  public static RoomShape parse(String spec) {
    Matcher m = SPEC.matcher(spec.trim());
    if (m.matches()) {
      RoomShape s = new RoomShape(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)));
      if (s.count >= 1 && s.connectionsPerRoom() >= 1) {
        return s;
      }
    }
    throw new IllegalArgumentException("--room-shapes " + spec + " is not COUNTxMEMBERS+SENDERS with at least one"
        + " room and one member or sender a room, e.g. 2x1000+1");
  }

  /**
   * The shape without its count, {@code MEMBERS+SENDERS}: what the per-shape results are keyed
   * by, the same on every generator of a distributed run whatever its share of the rooms.
   */
  public String key() {
    return members + "+" + senders;
  }

  public int connectionsPerRoom() {
    return members + senders;
  }

  @Override
  public String toString() {
    return count + "x" + members + "+" + senders;
  }
}
