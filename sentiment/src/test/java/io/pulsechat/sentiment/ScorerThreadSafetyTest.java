package io.pulsechat.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ScorerThreadSafetyTest {
  private static final String[] WORDS = {
    "good", "bad", "not", "happy", "movie", "#GreatDay", ":)", "\uD83D\uDE00", "sooo", "never", "@user",
    "http://x.co/a", "LOVE", "the", "but", "!", "awful", "today", "won't", "cool"};

  @Test
  void concurrentScoresEqualSequentialScores() throws Exception {
    SentimentModel model = TestModels.random(11);
    Random random = new Random(1);
    List<String> messages = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int w = 0, n = 1 + random.nextInt(25); w < n; w++) {
        sb.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
      }
      messages.add(sb.toString());
    }
    List<Sentiment> expected = messages.stream().map(model::score).toList();

    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t * 250;
        tasks.add(() -> {
          int mismatches = 0;
          for (int round = 0; round < 5; round++) {
            for (int i = 0; i < messages.size(); i++) {
              int at = (i + offset) % messages.size();
              if (!model.score(messages.get(at)).equals(expected.get(at))) {
                mismatches++;
              }
            }
          }
          return mismatches;
        });
      }
      for (Future<Integer> result : pool.invokeAll(tasks)) {
        assertThat(result.get()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
    // The random model must actually discriminate, or equal scores would prove nothing.
    assertThat(expected.stream().map(Sentiment::label).distinct()).hasSize(3);
  }
}
