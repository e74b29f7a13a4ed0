package io.pulsechat.sentiment.encoder;

import io.pulsechat.sentiment.AccurateModel;
import io.pulsechat.sentiment.Sentiment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
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

/**
 * Messages scored per second by the shipped accurate model (MiniLM encoder, fast model, head) on
 * one thread, alone and in batches as the gateway's pool and the trainer send them. The messages are the
 * TweetEval validation tweets of 20 to 200 characters, cycled. {@link MiniLmEncoder} keeps ONNX
 * Runtime to the calling thread, so one benchmark thread is one core; {@code -t 2} gives the
 * figure for two.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
@Threads(1)
public class AccurateScoringBenchmark {
  private AccurateModel.Bound model;
  private String[] messages;
  private int next;

  @Setup
  public void setUp() throws IOException {
    model = AccurateModels.loadDefault().bind(AccurateModels.encoder());
    Path val = Path.of(System.getProperty("benchmark.messages", "../datasets/tweeteval-sentiment/val_text.txt"));
    messages = Files.readAllLines(val, StandardCharsets.UTF_8).stream()
        .map(String::strip).filter(s -> s.length() >= 20 && s.length() <= 200).toArray(String[]::new);
  }

  private List<String> batch(int n) {
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      out[i] = messages[next];
      next = next + 1 == messages.length ? 0 : next + 1;
    }
    return Arrays.asList(out);
  }

  @Benchmark
  public List<Sentiment> batchOf1() {
    return model.scoreBatch(batch(1));
  }

  @Benchmark
  @OperationsPerInvocation(8)
  public List<Sentiment> batchOf8() {
    return model.scoreBatch(batch(8));
  }

  @Benchmark
  @OperationsPerInvocation(64)
  public List<Sentiment> batchOf64() {
    return model.scoreBatch(batch(64));
  }
}
