package io.pulsechat.loadgen.stats;

/**
 * What one member has seen of one sender: the highest sequence number and which of the
 * {@value #WINDOW} numbers below it arrived, so that a number seen again is a duplicate and a
 * number below the highest seen for the first time is out of order. 16 longs a pair: 10,000
 * members of a room with 4 senders cost about 6 MB.
 */
public final class SeqTracker {
  /** How far back a duplicate is recognised; an older arrival counts as out of order. */
  public static final int WINDOW = 1024;

  public enum Arrival { IN_ORDER, OUT_OF_ORDER, DUPLICATE }

  private final long[] seen = new long[WINDOW / 64];
  private long highest = -1;
  /** Numbers skipped by an arrival and not (yet) seen since, within the window. */
  private long holes;

  public Arrival accept(long seq) {
    if (seq > highest) {
      long gap = seq - highest;
      if (highest >= 0) {
        holes += gap - 1;
      }
      if (gap >= WINDOW || highest < 0) {
        java.util.Arrays.fill(seen, 0L);
      } else {
        for (long s = highest + 1; s < seq; s++) {
          clear(s);
        }
      }
      set(seq);
      highest = seq;
      return Arrival.IN_ORDER;
    }
    if (highest - seq >= WINDOW) {
      return Arrival.OUT_OF_ORDER;
    }
    if (isSet(seq)) {
      return Arrival.DUPLICATE;
    }
    set(seq);
    holes = Math.max(0, holes - 1);
    return Arrival.OUT_OF_ORDER;
  }

  public long holes() {
    return holes;
  }

  private int slot(long seq) {
    return (int) ((seq >>> 6) & (seen.length - 1));
  }

  private void set(long seq) {
    seen[slot(seq)] |= 1L << (seq & 63);
  }

  private void clear(long seq) {
    seen[slot(seq)] &= ~(1L << (seq & 63));
  }

  private boolean isSet(long seq) {
    return (seen[slot(seq)] & (1L << (seq & 63))) != 0;
  }
}
