package io.pulsechat.gateway.hub.room;

/**
 * Issues a room's message ids: 13 digits of milliseconds, 4 digits of sequence within the
 * millisecond, then the gateway process's tag. Fixed width makes string order equal acceptance
 * order within the room; the tag keeps ids unique across processes. One instance per room,
 * used on the room owner's thread only.
 */
public final class MessageIds {
  private static final int SEQ_LIMIT = 10_000;

  private final String nodeTag;
  private long lastTs = -1;
  private int seq;

  public MessageIds(String nodeTag) {
    this.nodeTag = nodeTag;
  }

  /** Continues after an id already stored, so that ids keep growing across restarts. */
  public void resumeAfter(String id) {
    if (id == null || id.length() < 17) {
      return;
    }
    try {
      long ts = Long.parseLong(id.substring(0, 13));
      int s = Integer.parseInt(id.substring(13, 17));
      if (ts > lastTs || (ts == lastTs && s >= seq)) {
        lastTs = ts;
        seq = s;
      }
    } catch (NumberFormatException ignored) {
      // not one of our ids: nothing to continue from
    }
  }

  /** The next id; {@link #lastTs()} is then the message's timestamp. */
  public String next(long now) {
    if (now > lastTs) {
      lastTs = now;
      seq = 0;
    } else if (++seq >= SEQ_LIMIT) {
      // 10,000 messages in one millisecond: borrow the next millisecond rather than repeat.
      lastTs++;
      seq = 0;
    }
    StringBuilder id = new StringBuilder(17 + nodeTag.length());
    appendPadded(id, lastTs, 13);
    appendPadded(id, seq, 4);
    return id.append(nodeTag).toString();
  }

  public long lastTs() {
    return lastTs;
  }

  private static void appendPadded(StringBuilder out, long value, int width) {
    String digits = Long.toString(value);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    out.append(digits);
  }
}
