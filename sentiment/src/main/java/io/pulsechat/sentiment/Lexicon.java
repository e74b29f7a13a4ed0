package io.pulsechat.sentiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Polarity scores for single tokens from one or more sources (for example VADER, AFINN, emoji),
 * looked up by the token's hash so that scoring never builds a string. Terms are normalised with
 * {@link ChatTokenizer} when added, so that ":-)" in a lexicon matches the token ":)"; terms that
 * are not exactly one token (phrases) are skipped. Scores are on VADER's scale, about -4..4; a
 * missing score is NaN. Immutable and thread-safe.
 */
public final class Lexicon {
  private final List<String> sources;
  private final String[] terms;
  private final float[] scores;
  private final long[] keys;
  private final int[] rows;
  private final int mask;

  private Lexicon(List<String> sources, String[] terms, float[] scores) {
    this.sources = List.copyOf(sources);
    this.terms = terms;
    this.scores = scores;
    int capacity = Integer.highestOneBit(Math.max(4, terms.length * 2)) * 2;
    this.keys = new long[capacity];
    this.rows = new int[capacity];
    Arrays.fill(rows, -1);
    this.mask = capacity - 1;
    for (int r = 0; r < terms.length; r++) {
      long h = Hashing.hash(terms[r]);
      int slot = (int) h & mask;
      while (rows[slot] >= 0) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = h;
      rows[slot] = r;
    }
  }

  public static Lexicon empty() {
    return new Lexicon(List.of(), new String[0], new float[0]);
  }

  public List<String> sources() {
    return sources;
  }

  public int size() {
    return terms.length;
  }

  public String term(int row) {
    return terms[row];
  }

  public float score(int row, int source) {
    return scores[row * sources.size() + source];
  }

  /** The row of the term with this token hash, or -1. */
  int row(long hash) {
    int slot = (int) hash & mask;
    int r;
    while ((r = rows[slot]) >= 0) {
      if (keys[slot] == hash) {
        return r;
      }
      slot = (slot + 1) & mask;
    }
    return -1;
  }

  /** The row of a term, normalised as a token, or -1. */
  public int row(String term) {
    String normal = normalise(term);
    return normal == null ? -1 : row(Hashing.hash(normal));
  }

  static String normalise(String term) {
    List<String> tokens = new ChatTokenizer().tokens(term.trim());
    return tokens.size() == 1 ? tokens.get(0) : null;
  }

  /** Collects the scores of each source; the first score given for a term and source wins. */
  public static final class Builder {
    private final List<String> sources = new ArrayList<>();
    private final Map<String, float[]> entries = new LinkedHashMap<>();
    private int current = -1;

    public Builder source(String name) {
      sources.add(name);
      current = sources.size() - 1;
      return this;
    }

    public Builder add(String term, float score) {
      if (current < 0) {
        throw new IllegalStateException("call source(name) before add");
      }
      String normal = normalise(term);
      if (normal == null || !Float.isFinite(score)) {
        return this;
      }
      float[] row = entries.computeIfAbsent(normal, t -> new float[0]);
      if (row.length < sources.size()) {
        int old = row.length;
        row = Arrays.copyOf(row, sources.size());
        Arrays.fill(row, old, row.length, Float.NaN);
        entries.put(normal, row);
      }
      if (Float.isNaN(row[current])) {
        row[current] = score;
      }
      return this;
    }

    public Lexicon build() {
      int s = sources.size();
      String[] terms = entries.keySet().toArray(new String[0]);
      float[] scores = new float[terms.length * s];
      Arrays.fill(scores, Float.NaN);
      for (int r = 0; r < terms.length; r++) {
        float[] row = entries.get(terms[r]);
        System.arraycopy(row, 0, scores, r * s, row.length);
      }
      return new Lexicon(sources, terms, scores);
    }
  }

  /** For the model format: rebuilds a lexicon from its stored arrays. */
  static Lexicon of(List<String> sources, String[] terms, float[] scores) {
    if (scores.length != terms.length * sources.size()) {
      throw new IllegalArgumentException("scores do not match terms x sources");
    }
    return new Lexicon(sources, terms, scores);
  }
}
