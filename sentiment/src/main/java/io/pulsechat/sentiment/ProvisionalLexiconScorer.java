package io.pulsechat.sentiment;

import java.util.Locale;
import java.util.Set;

/**
 * A stop-gap scorer: counts a handful of positive and negative words and emoticons.
 * It exists so that every message carries a sentiment before the trained model ships;
 * its version string says so on the wire.
 */
public final class ProvisionalLexiconScorer implements SentimentScorer {
  public static final String MODEL_VERSION = "provisional-lexicon-1";

  private static final Set<String> POSITIVE = Set.of(
      "good", "great", "love", "loved", "lovely", "nice", "happy", "awesome", "excellent", "thanks",
      "thank", "fun", "best", "amazing", "wonderful", "cool", "glad", "yay", "like", "beautiful",
      ":)", ":-)", ":d", "<3", "😀", "😊", "😍", "👍", "🎉", "❤️");
  private static final Set<String> NEGATIVE = Set.of(
      "bad", "awful", "terrible", "hate", "hated", "sad", "angry", "worst", "horrible", "sucks",
      "annoying", "broken", "fail", "failed", "ugly", "boring", "disappointed", "wrong", "stupid", "sorry",
      ":(", ":-(", "😢", "😠", "😡", "👎", "💔");
  private static final Set<String> NEGATORS = Set.of("not", "no", "never", "don't", "isn't", "wasn't", "can't");

  @Override
  public Sentiment score(String text) {
    int sum = 0;
    int hits = 0;
    boolean negate = false;
    for (String raw : text.toLowerCase(Locale.ROOT).split("\\s+")) {
      String word = strip(raw);
      if (NEGATORS.contains(word)) {
        negate = true;
        continue;
      }
      int polarity = POSITIVE.contains(word) || POSITIVE.contains(raw) ? 1
          : NEGATIVE.contains(word) || NEGATIVE.contains(raw) ? -1 : 0;
      if (polarity != 0) {
        sum += negate ? -polarity : polarity;
        hits++;
      }
      negate = false;
    }
    double score = hits == 0 ? 0.0 : Math.max(-1.0, Math.min(1.0, sum / (double) hits * Math.min(1.0, hits / 2.0)));
    Label label = score > 0.2 ? Label.POSITIVE : score < -0.2 ? Label.NEGATIVE : Label.NEUTRAL;
    return new Sentiment(label, score, MODEL_VERSION);
  }

  private static String strip(String word) {
    int start = 0;
    int end = word.length();
    while (start < end && ",.!?;\"".indexOf(word.charAt(start)) >= 0) {
      start++;
    }
    while (end > start && ",.!?;\"".indexOf(word.charAt(end - 1)) >= 0) {
      end--;
    }
    return word.substring(start, end);
  }
}
