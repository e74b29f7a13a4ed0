package io.pulsechat.sentiment;

import java.util.Random;

/** Small models built in code for tests. */
final class TestModels {
  static final FeatureSettings SETTINGS = new FeatureSettings(10, true, 3, 4, 0);

  private TestModels() {
  }

  static Lexicon lexicon() {
    return new Lexicon.Builder()
        .source("vader").add("good", 1.9f).add("bad", -2.5f).add(":)", 2.0f).add("happy", 2.7f)
        .source("emoji").add("\uD83D\uDE00", 2.4f).add("bad", -1f)
        .build();
  }

  /** Only the lexicon's positive and negative sums carry weight, so the expected labels are obvious. */
  static SentimentModel lexiconOnly() {
    Lexicon lexicon = lexicon();
    int dimension = SETTINGS.buckets() + Featurizer.denseCount(lexicon.sources().size());
    float[] w = new float[dimension * 3];
    for (int source = 0; source < lexicon.sources().size(); source++) {
      int positiveSum = SETTINGS.buckets() + Featurizer.GENERAL + source * Featurizer.PER_SOURCE;
      w[positiveSum * 3 + 2] = 4f;
      w[(positiveSum + 1) * 3] = 4f;
    }
    return new SentimentModel("test-lexicon-1", SETTINGS, lexicon,
        new TrainingMetrics("unit test", 0, 7L, "none", 0.5, 0.25, 0.125), w, new float[] {0f, 1f, 0f});
  }

  /** Random weights: every feature matters, so any mix-up between threads changes scores. */
  static SentimentModel random(long seed) {
    Lexicon lexicon = lexicon();
    int dimension = SETTINGS.buckets() + Featurizer.denseCount(lexicon.sources().size());
    Random random = new Random(seed);
    float[] w = new float[dimension * 3];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) random.nextGaussian();
    }
    return new SentimentModel("test-random-" + seed, SETTINGS, lexicon, TrainingMetrics.none(), w,
        new float[] {0.1f, 0.2f, -0.3f});
  }
}
