package io.pulsechat.gateway.hub.insights;

import io.pulsechat.gateway.protocol.Mood;
import io.pulsechat.sentiment.Sentiment;
import io.pulsechat.gateway.store.MoodStore;
import java.time.Duration;
import java.util.List;

/**
 * A room's mood over a sliding window, kept in a ring of time buckets so that adding a message
 * and reading the mood are O(buckets) with no per-message memory.
 */
public final class MoodWindow {
  private static final int BUCKETS = 30;

  private final long bucketMillis;
  private final String window;
  private final long[] bucketIndex = new long[BUCKETS];
  private final double[] scoreSum = new double[BUCKETS];
  private final int[] positive = new int[BUCKETS];
  private final int[] neutral = new int[BUCKETS];
  private final int[] negative = new int[BUCKETS];

  public MoodWindow(Duration window) {
    this.bucketMillis = Math.max(1, window.toMillis() / BUCKETS);
    this.window = window.toString();
    java.util.Arrays.fill(bucketIndex, -1);
  }

  public void add(Sentiment sentiment, long now) {
    count(slot(now), sentiment, 1);
  }

  /**
   * Adds stored minutes (see {@link MoodSeries}) to this window: a room loaded after a restart
   * takes up its moving mood where the stored minutes leave it. A minute's messages count from
   * the minute's start, or from the window's oldest moment for a minute that began before it, so
   * the rebuilt mood is right to the minute.
   */
  public void restore(List<MoodStore.Minute> minutes, long now) {
    long oldest = (now / bucketMillis - BUCKETS + 1) * bucketMillis;
    for (MoodStore.Minute m : minutes) {
      if (m.t() + MoodSeries.MINUTE <= oldest || m.t() > now) {
        continue;
      }
      int slot = slot(Math.max(m.t(), oldest));
      scoreSum[slot] += m.scoreSum();
      positive[slot] += m.positive();
      neutral[slot] += m.neutral();
      negative[slot] += m.negative();
    }
  }

  /**
   * A message counted at {@code ts} now scores {@code after} instead of {@code before} (either
   * null: it enters or leaves the mood); nothing changes once {@code ts} has left the window.
   */
  public void replace(Sentiment before, Sentiment after, long ts, long now) {
    long index = ts / bucketMillis;
    long current = now / bucketMillis;
    int slot = (int) Math.floorMod(index, (long) BUCKETS);
    if (index <= current - BUCKETS || index > current || bucketIndex[slot] != index) {
      return;
    }
    count(slot, before, -1);
    count(slot, after, 1);
  }

  private void count(int slot, Sentiment s, int sign) {
    if (s == null) {
      return;
    }
    scoreSum[slot] += sign * s.score();
    switch (s.label()) {
      case POSITIVE -> positive[slot] = Math.max(0, positive[slot] + sign);
      case NEUTRAL -> neutral[slot] = Math.max(0, neutral[slot] + sign);
      case NEGATIVE -> negative[slot] = Math.max(0, negative[slot] + sign);
    }
  }

  public Mood snapshot(long now) {
    long current = now / bucketMillis;
    double sum = 0;
    int pos = 0;
    int neu = 0;
    int neg = 0;
    for (int i = 0; i < BUCKETS; i++) {
      if (bucketIndex[i] > current - BUCKETS && bucketIndex[i] <= current) {
        sum += scoreSum[i];
        pos += positive[i];
        neu += neutral[i];
        neg += negative[i];
      }
    }
    int n = pos + neu + neg;
    return new Mood(n == 0 ? 0.0 : Math.max(-1, Math.min(1, sum / n)), pos, neu, neg, window);
  }

  /**
   * Whether {@code now} differs enough from {@code before} to tell the room: the first message,
   * the window emptying, the mean score moving by 0.05, or a class share moving by 5 points.
   */
  public static boolean noticeablyDifferent(Mood before, Mood now) {
    if (before == null) {
      return now.messages() > 0;
    }
    if ((before.messages() == 0) != (now.messages() == 0)) {
      return true;
    }
    if (now.messages() == 0) {
      return false;
    }
    return Math.abs(before.score() - now.score()) >= 0.05
        || Math.abs(share(before.positive(), before) - share(now.positive(), now)) >= 0.05
        || Math.abs(share(before.negative(), before) - share(now.negative(), now)) >= 0.05;
  }

  private static double share(int count, Mood mood) {
    return count / (double) mood.messages();
  }

  private int slot(long now) {
    long index = now / bucketMillis;
    int slot = (int) Math.floorMod(index, (long) BUCKETS);
    if (bucketIndex[slot] != index) {
      bucketIndex[slot] = index;
      scoreSum[slot] = 0;
      positive[slot] = 0;
      neutral[slot] = 0;
      negative[slot] = 0;
    }
    return slot;
  }
}
