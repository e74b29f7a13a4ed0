package io.pulsechat.loadgen.stats;

/**
 * What one member has seen of one sender: the highest sequence number and which of the
 * {@value #WINDOW} numbers below it arrived, so that a number seen again is a duplicate and a
 * number below the highest seen for the first time is out of order. 16 longs a pair: 10,000
 * members of a room with 4 senders cost about 6 MB.
 *
 * <p>A member that rejoins reads what it missed from history, and a {@code history} answer comes
 * from storage: it can hold a message stored but not yet broadcast, which then arrives live as
 * well. That second copy is the overlap of history and live that a client drops by id, not a
 * duplicate delivery, so numbers read from history are marked (16 more longs, only for a member
 * that read history) and their first live copy is told apart.
 */
public final class SeqTracker {
  /** How far back a duplicate is recognised; an older arrival counts as out of order. */
  public static final int WINDOW = 1024;

  /** {@code READ_IN_HISTORY}: the first live copy of a number read from history before. */
  public enum Arrival { IN_ORDER, OUT_OF_ORDER, DUPLICATE, READ_IN_HISTORY }

  private final long[] seen = new long[WINDOW / 64];
  /** The numbers in the window read from history and not yet seen live; null until the first. */
  private long[] fromHistory;
  private long highest = -1;
  /** Numbers skipped by an arrival and not (yet) seen since, within the window. */
  private long holes;

  /** A live arrival. */
  public Arrival accept(long seq) {
    Arrival arrival = arrive(seq);
    if (arrival == Arrival.DUPLICATE && fromHistory != null && isSet(fromHistory, seq)) {
      // Its first copy came from history; a copy after this one is a duplicate again.
      fromHistory[slot(seq)] &= ~bit(seq);
      return Arrival.READ_IN_HISTORY;
    }
    return arrival;
  }

  /** A number read from a {@code history} (or {@code joined}) answer; DUPLICATE when seen before. */
  public Arrival acceptFromHistory(long seq) {
    Arrival arrival = arrive(seq);
    if (arrival != Arrival.DUPLICATE && highest - seq < WINDOW) {
      if (fromHistory == null) {
        fromHistory = new long[WINDOW / 64];
      }
      fromHistory[slot(seq)] |= bit(seq);
    }
    return arrival;
  }

  private Arrival arrive(long seq) {
    if (seq > highest) {
      long gap = seq - highest;
      if (highest >= 0) {
        holes += gap - 1;
      }
      if (gap >= WINDOW || highest < 0) {
        java.util.Arrays.fill(seen, 0L);
        if (fromHistory != null) {
          java.util.Arrays.fill(fromHistory, 0L);
        }
      } else {
        // Up to seq itself: its bits may still hold the number a window below it.
        for (long s = highest + 1; s <= seq; s++) {
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
    if (isSet(seen, seq)) {
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

  private static long bit(long seq) {
    return 1L << (seq & 63);
  }

  private void set(long seq) {
    seen[slot(seq)] |= bit(seq);
  }

  /** The number leaves the window's low end as it slides: forgotten in both sets. */
  private void clear(long seq) {
    seen[slot(seq)] &= ~bit(seq);
    if (fromHistory != null) {
      fromHistory[slot(seq)] &= ~bit(seq);
    }
  }

  private boolean isSet(long[] bits, long seq) {
    return (bits[slot(seq)] & bit(seq)) != 0;
  }
}
