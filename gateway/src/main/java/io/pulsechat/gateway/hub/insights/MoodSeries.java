package io.pulsechat.gateway.hub.insights;

import io.pulsechat.gateway.store.MoodStore;
import io.pulsechat.sentiment.Sentiment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-minute mood buckets of one room, the newest {@value #MAX_MINUTES} minutes. Buckets changed
 * since the last {@link #takeDirty} are what the owner writes to the {@link MoodStore}.
 */
public final class MoodSeries {
  static final int MAX_MINUTES = 24 * 60;
  static final long MINUTE = 60_000;

  private static final class Bucket {
    final long t;
    double sum;
    int positive;
    int neutral;
    int negative;
    boolean dirty;

    Bucket(long t) {
      this.t = t;
    }
  }

  private final ArrayDeque<Bucket> buckets = new ArrayDeque<>();
  /** A minute older than the newest changed: the next {@link #takeDirty} looks at every minute. */
  private boolean dirtyBehind;

  public void add(Sentiment s, long now) {
    count(bucketFor(now - Math.floorMod(now, MINUTE)), s, 1);
  }

  /**
   * A message counted in the minute of {@code ts} now scores {@code after} instead of
   * {@code before} (either null: it enters or leaves); nothing when that minute is no longer kept.
   */
  public void replace(Sentiment before, Sentiment after, long ts) {
    long t = ts - Math.floorMod(ts, MINUTE);
    var it = buckets.descendingIterator();
    while (it.hasNext()) {
      Bucket b = it.next();
      if (b.t == t) {
        dirtyBehind |= b != buckets.peekLast();
        count(b, before, -1);
        count(b, after, 1);
        return;
      }
      if (b.t < t) {
        return;
      }
    }
  }

  private static void count(Bucket b, Sentiment s, int sign) {
    if (s == null) {
      return;
    }
    b.sum += sign * s.score();
    switch (s.label()) {
      case POSITIVE -> b.positive = Math.max(0, b.positive + sign);
      case NEUTRAL -> b.neutral = Math.max(0, b.neutral + sign);
      case NEGATIVE -> b.negative = Math.max(0, b.negative + sign);
    }
    b.dirty = true;
  }

  /** Loads stored minutes (oldest first) into an empty series, as they were written. */
  public void restore(List<MoodStore.Minute> minutes) {
    for (MoodStore.Minute m : minutes) {
      Bucket b = bucketFor(m.t());
      b.sum = m.scoreSum();
      b.positive = m.positive();
      b.neutral = m.neutral();
      b.negative = m.negative();
    }
  }

  /** Minutes changed since the last call, as absolute totals; clears their changed mark. */
  public List<MoodStore.Minute> takeDirty(String room) {
    List<MoodStore.Minute> dirty = new ArrayList<>();
    // the newest minutes are the ones that change: walk back from the end until a clean one
    var it = buckets.descendingIterator();
    while (it.hasNext()) {
      Bucket b = it.next();
      if (!b.dirty) {
        if (dirtyBehind) {
          continue;
        }
        break;
      }
      b.dirty = false;
      dirty.add(new MoodStore.Minute(room, b.t, b.sum, b.positive, b.neutral, b.negative));
    }
    dirtyBehind = false;
    return dirty;
  }

  public List<MoodPoint> points() {
    List<MoodPoint> points = new ArrayList<>(buckets.size());
    for (Bucket b : buckets) {
      points.add(point(b.t, b.sum, b.positive, b.neutral, b.negative));
    }
    return points;
  }

  /** Stored minutes as points, for a room whose owner holds no series in memory. */
  public static List<MoodPoint> points(List<MoodStore.Minute> minutes) {
    List<MoodPoint> points = new ArrayList<>(minutes.size());
    for (MoodStore.Minute m : minutes) {
      points.add(point(m.t(), m.scoreSum(), m.positive(), m.neutral(), m.negative()));
    }
    return points;
  }

  /** How far back a room's series reaches at {@code now}. */
  public static long oldestMinute(long now) {
    return now - Math.floorMod(now, MINUTE) - (MAX_MINUTES - 1) * MINUTE;
  }

  private static MoodPoint point(long t, double sum, int positive, int neutral, int negative) {
    int n = positive + neutral + negative;
    return new MoodPoint(t, n == 0 ? 0 : sum / n, positive, neutral, negative);
  }

  private Bucket bucketFor(long t) {
    Bucket last = buckets.peekLast();
    if (last == null || last.t < t) {
      last = new Bucket(t);
      buckets.addLast(last);
      if (buckets.size() > MAX_MINUTES) {
        buckets.removeFirst();
      }
    }
    return last;
  }
}
