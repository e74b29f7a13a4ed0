package io.pulsechat.trainer;

import io.pulsechat.sentiment.AccurateModel;
import io.pulsechat.sentiment.Sentiment;
import io.pulsechat.sentiment.SentimentScorer;
import java.util.ArrayList;
import java.util.List;

/** Scores many texts: the accurate model in batches (one encoder call each), any other one by one. */
final class Predictions {
  static final int BATCH = 64;

  private Predictions() {
  }

  static List<Sentiment> score(SentimentScorer scorer, List<String> texts) {
    List<Sentiment> out = new ArrayList<>(texts.size());
    if (scorer instanceof AccurateModel.Bound accurate) {
      for (int s = 0; s < texts.size(); s += BATCH) {
        out.addAll(accurate.scoreBatch(texts.subList(s, Math.min(texts.size(), s + BATCH))));
      }
    } else {
      for (String text : texts) {
        out.add(scorer.score(text));
      }
    }
    return out;
  }
}
