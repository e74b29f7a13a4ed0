package io.pulsechat.gateway.hub;

import io.pulsechat.sentiment.Sentiment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** Per-minute mood buckets of one room, the newest {@value #MAX_MINUTES} minutes. */
public final class MoodSeries {
  static final int MAX_MINUTES = 24 * 60;
  private static final long MINUTE = 60_000;

  private static final class Bucket {
    final long t;
    double sum;
    int positive;
    int neutral;
    int negative;

    Bucket(long t) {
      this.t = t;
    }
  }

  private final ArrayDeque<Bucket> buckets = new ArrayDeque<>();

  public void add(Sentiment s, long now) {
    long t = now - Math.floorMod(now, MINUTE);
    Bucket last = buckets.peekLast();
    if (last == null || last.t < t) {
      last = new Bucket(t);
      buckets.addLast(last);
      if (buckets.size() > MAX_MINUTES) {
        buckets.removeFirst();
      }
    }
    last.sum += s.score();
    switch (s.label()) {
      case POSITIVE -> last.positive++;
      case NEUTRAL -> last.neutral++;
      case NEGATIVE -> last.negative++;
    }
  }

  public List<MoodPoint> points() {
    List<MoodPoint> points = new ArrayList<>(buckets.size());
    for (Bucket b : buckets) {
      int n = b.positive + b.neutral + b.negative;
      points.add(new MoodPoint(b.t, n == 0 ? 0 : b.sum / n, b.positive, b.neutral, b.negative));
    }
    return points;
  }
}
