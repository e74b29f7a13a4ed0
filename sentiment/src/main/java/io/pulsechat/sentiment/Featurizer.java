package io.pulsechat.sentiment;

import java.util.Arrays;

/**
 * Turns one message into a sparse feature vector: hashed word unigrams and bigrams (negated
 * words hash apart from plain ones), hashed character n-grams of words, and a few dense features
 * appended after the hashed buckets: lexicon sums, maxima and the last lexicon hit per source,
 * plus counts of capitals, elongations, emoji, emoticons, "!" and "?".
 *
 * <p>Not thread-safe: it reuses its buffers, so that extraction allocates nothing once warm.
 */
public final class Featurizer implements TokenSink {
  /** Dense features that do not depend on the lexicon. */
  static final int GENERAL = 8;
  /** Dense features per lexicon source. */
  static final int PER_SOURCE = 6;

  private static final long NEGATED_SALT = 0x5bd1e9955bd1e995L;
  private static final long BIGRAM_SALT = 0x27d4eb2f165667c5L;
  private static final long CHAR_SALT = 0x165667b19e3779f9L;
  private static final long BOUNDARY = 0x2545f4914f6cdd1dL;

  private final FeatureSettings settings;
  private final Lexicon lexicon;
  private final ChatTokenizer tokenizer;
  private final int shift;
  private final int buckets;
  private final int sources;
  private final float[] dense;
  private final char[] word = new char[258];

  private int[] indices = new int[256];
  private float[] values = new float[256];
  private int size;
  private long previous;
  private int tokens;

  public Featurizer(FeatureSettings settings, Lexicon lexicon) {
    this.settings = settings;
    this.lexicon = lexicon;
    this.tokenizer = new ChatTokenizer(settings.negationWindow());
    this.shift = 64 - settings.hashBits();
    this.buckets = settings.buckets();
    this.sources = lexicon.sources().size();
    this.dense = new float[denseCount(sources)];
  }

  public static int denseCount(int lexiconSources) {
    return GENERAL + PER_SOURCE * lexiconSources;
  }

  /** Rows of the weight matrix: the hashed buckets, then the dense features. */
  public int dimension() {
    return buckets + dense.length;
  }

  /** Extracts the features of {@code text}; read them with {@link #size()}, {@link #indices()}... */
  public void extract(CharSequence text) {
    size = 0;
    tokens = 0;
    previous = BOUNDARY;
    Arrays.fill(dense, 0f);
    tokenizer.tokenize(text, this);
    if (settings.wordBigrams() && tokens > 0) {
      add(bucket(Hashing.combine(previous ^ BIGRAM_SALT, BOUNDARY)), 1f);
    }
    finishDense();
  }

  public int size() {
    return size;
  }

  /** Feature rows, valid up to {@link #size()}; may repeat. */
  public int[] indices() {
    return indices;
  }

  public float[] values() {
    return values;
  }

  @Override
  public void token(char[] buf, int len, int kind, int flags, int squeezedAt) {
    tokens++;
    long h = Hashing.hash(buf, 0, len);
    boolean negated = (flags & ChatTokenizer.NEGATED) != 0;
    long feature = negated ? Hashing.mix(h ^ NEGATED_SALT) : h;
    add(bucket(feature), 1f);
    if (settings.wordBigrams()) {
      add(bucket(Hashing.combine(previous ^ BIGRAM_SALT, feature)), 1f);
    }
    previous = feature;
    switch (kind) {
      case ChatTokenizer.WORD -> {
        if (settings.charNgramMax() > 0 && len >= 2) {
          charNgrams(buf, len, negated);
        }
      }
      case ChatTokenizer.EMOJI -> dense[4] += 1f;
      case ChatTokenizer.EMOTICON -> dense[5] += 1f;
      case ChatTokenizer.PUNCT -> dense[buf[0] == '!' ? 2 : 3] = 1f;
      default -> {
      }
    }
    if ((flags & ChatTokenizer.ALL_CAPS) != 0) {
      dense[0] += 1f;
    }
    if ((flags & ChatTokenizer.ELONGATED) != 0) {
      dense[1] += 1f;
    }
    if (sources > 0) {
      int row = lexicon.row(h);
      if (row < 0 && squeezedAt >= 0) {
        row = lexicon.row(unsqueezedHash(buf, len, squeezedAt));
      }
      if (row >= 0) {
        lexiconHit(row, negated, flags);
      }
    }
  }

  private void lexiconHit(int row, boolean negated, int flags) {
    if (negated) {
      dense[6] += 1f;
    }
    for (int s = 0; s < sources; s++) {
      float score = lexicon.score(row, s);
      if (Float.isNaN(score)) {
        continue;
      }
      // VADER's constants: a negation flips and damps (x -0.74), capitals emphasise (+0.733).
      if ((flags & ChatTokenizer.ALL_CAPS) != 0) {
        score += Math.signum(score) * 0.733f;
      }
      if (negated) {
        score *= -0.74f;
      }
      int base = GENERAL + s * PER_SOURCE;
      if (score > 0) {
        dense[base] += score;
        dense[base + 2] = Math.max(dense[base + 2], score);
      } else {
        dense[base + 1] -= score;
        dense[base + 3] = Math.max(dense[base + 3], -score);
      }
      dense[base + 4] = score;
      dense[base + 5] += 1f;
    }
  }

  private void finishDense() {
    dense[0] = log1p(dense[0]);
    dense[1] = log1p(dense[1]);
    dense[4] = log1p(dense[4]);
    dense[5] = log1p(dense[5]);
    dense[6] = log1p(dense[6]);
    dense[7] = log1p(tokens) * 0.25f;
    for (int s = 0; s < sources; s++) {
      int base = GENERAL + s * PER_SOURCE;
      // Scale sums and extremes from VADER's -4..4 to about -1..1 so that they learn at the
      // same rate as the 0/1 hashed features.
      dense[base] = log1p(dense[base]);
      dense[base + 1] = log1p(dense[base + 1]);
      dense[base + 2] *= 0.25f;
      dense[base + 3] *= 0.25f;
      dense[base + 4] *= 0.25f;
      dense[base + 5] = log1p(dense[base + 5]);
    }
    for (int d = 0; d < dense.length; d++) {
      if (dense[d] != 0f) {
        add(buckets + d, dense[d]);
      }
    }
  }

  private static float log1p(float x) {
    // Most dense counts are zero, and Math.log1p is not cheap on the scoring path.
    return x == 0f ? 0f : (float) Math.log1p(x);
  }

  private void charNgrams(char[] buf, int len, boolean negated) {
    int total = Math.min(len, word.length - 2) + 2;
    word[0] = '\u0002';
    System.arraycopy(buf, 0, word, 1, total - 2);
    word[total - 1] = '\u0003';
    int min = settings.charNgramMin();
    int max = settings.charNgramMax();
    long salt = negated ? CHAR_SALT ^ NEGATED_SALT : CHAR_SALT;
    for (int start = 0; start < total; start++) {
      long h = Hashing.FNV_OFFSET;
      int end = Math.min(total, start + max);
      for (int e = start; e < end; e++) {
        h = (h ^ word[e]) * Hashing.FNV_PRIME;
        if (e - start + 1 >= min) {
          add(bucket(Hashing.mix(h ^ salt)), 1f);
        }
      }
    }
  }

  private static long unsqueezedHash(char[] buf, int len, int squeezedAt) {
    long h = Hashing.FNV_OFFSET;
    for (int i = 0; i < len; i++) {
      if (i != squeezedAt) {
        h = (h ^ buf[i]) * Hashing.FNV_PRIME;
      }
    }
    return Hashing.mix(h);
  }

  private int bucket(long hash) {
    return (int) (hash >>> shift);
  }

  private void add(int index, float value) {
    if (size == indices.length) {
      indices = Arrays.copyOf(indices, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    indices[size] = index;
    values[size++] = value;
  }
}
