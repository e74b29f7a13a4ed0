package io.pulsechat.sentiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Messages scored per second on one thread with the default model. The messages are the
 * TweetEval validation tweets of 20 to 200 characters, plus chat-style lines with emoji, cycled
 * so that the branch predictor cannot learn one message. {@code -jvmArgs -Dbenchmark.model=FILE}
 * measures another model file (to compare a candidate with the default in one run).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class ScoringBenchmark {
  private SentimentModel model;
  private String[] messages;
  private int next;

  @Setup
  public void setUp() throws IOException {
    String file = System.getProperty("benchmark.model", "");
    model = file.isEmpty() ? SentimentModels.loadDefault() : SentimentModels.load(Path.of(file));
    Path val = Path.of(System.getProperty("benchmark.messages", "../datasets/tweeteval-sentiment/val_text.txt"));
    var lines = new java.util.ArrayList<>(Files.readAllLines(val, StandardCharsets.UTF_8).stream()
        .map(String::strip).filter(s -> s.length() >= 20 && s.length() <= 200).toList());
    lines.add("lol that was sooo good \uD83D\uDE02\uD83D\uDE02 see you tmrw");
    lines.add("ugh the build broke AGAIN :( not cool @user");
    lines.add("Anyone up for lunch at 12? #FridayFeeling https://example.com/menu");
    messages = lines.toArray(new String[0]);
  }

  @Benchmark
  public Sentiment score() {
    String text = messages[next];
    next = next + 1 == messages.length ? 0 : next + 1;
    return model.score(text);
  }

  /** Batches of 8 and 64, for comparison with the accurate model's batches: one message after the other. */
  @Benchmark
  @OperationsPerInvocation(8)
  public void batchOf8(Blackhole sink) {
    scoreBatch(8, sink);
  }

  @Benchmark
  @OperationsPerInvocation(64)
  public void batchOf64(Blackhole sink) {
    scoreBatch(64, sink);
  }

  private void scoreBatch(int n, Blackhole sink) {
    for (int i = 0; i < n; i++) {
      sink.consume(score());
    }
  }
}
