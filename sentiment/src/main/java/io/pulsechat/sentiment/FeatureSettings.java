package io.pulsechat.sentiment;

/**
 * How text becomes features; stored in the model header so that scoring extracts exactly the
 * features the model was trained on.
 *
 * @param hashBits the hashed feature space has 2^hashBits buckets (word and character n-grams)
 * @param wordBigrams whether adjacent token pairs are features
 * @param charNgramMin the shortest character n-gram taken from words, with boundary marks
 * @param charNgramMax the longest; 0 turns character n-grams off
 * @param negationWindow words a negation covers; 0 means until the clause ends
 */
public record FeatureSettings(int hashBits, boolean wordBigrams, int charNgramMin, int charNgramMax,
                              int negationWindow) {
  public FeatureSettings {
    if (hashBits < 4 || hashBits > 26) {
      throw new IllegalArgumentException("hashBits must lie in 4..26, was " + hashBits);
    }
    if (charNgramMax != 0 && (charNgramMin < 1 || charNgramMax < charNgramMin || charNgramMax > 8)) {
      throw new IllegalArgumentException(
          "character n-grams must satisfy 1 <= min <= max <= 8, were " + charNgramMin + ".." + charNgramMax);
    }
    if (negationWindow < 0) {
      throw new IllegalArgumentException("negationWindow must be >= 0, was " + negationWindow);
    }
  }

  public int buckets() {
    return 1 << hashBits;
  }

  public static FeatureSettings defaults() {
    return new FeatureSettings(18, true, 3, 5, 0);
  }
}
