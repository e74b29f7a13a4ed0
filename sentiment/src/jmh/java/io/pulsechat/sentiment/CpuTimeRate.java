package io.pulsechat.sentiment;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Messages scored per second of the scoring thread's CPU time, for each model given, in
 * alternating rounds of 2 CPU-seconds. On a shared machine JMH's wall-clock figure measures the
 * share of the core the benchmark got; CPU time leaves out the time the thread waited for it, so
 * two models can be compared (and held against a bound) while other work runs. Cache and memory
 * contention from that work still slow it. Arguments: the messages file, then model files
 * ({@code default} for the shipped one). The messages: as {@link ScoringBenchmark}'s.
 */
public final class CpuTimeRate {
  private CpuTimeRate() {
  }

  public static void main(String[] args) throws Exception {
    String[] messages = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8).stream()
        .map(String::strip).filter(s -> s.length() >= 20 && s.length() <= 200).toArray(String[]::new);
    SentimentModel[] models = new SentimentModel[args.length - 1];
    for (int i = 1; i < args.length; i++) {
      models[i - 1] = args[i].equals("default") ? SentimentModels.loadDefault() : SentimentModels.load(Path.of(args[i]));
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long labels = 0;
    for (int round = 0; round < 6; round++) {
      for (SentimentModel model : models) {
        long scored = 0;
        long start = threads.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        long cpu;
        do {
          for (String m : messages) {
            labels += model.score(m).label().ordinal();
          }
          scored += messages.length;
          cpu = threads.getCurrentThreadCpuTime() - start;
        } while (cpu < 2_000_000_000L);
        double wall = (System.nanoTime() - wallStart) / 1e9;
        // round 0 is the warm-up
        System.out.printf("%s %s: %,.0f messages per CPU-second (%,.0f per wall-clock second)%n",
            round == 0 ? "warm-up" : "round " + round, model.version(), scored / (cpu / 1e9), scored / wall);
      }
    }
    System.out.println(labels > 0 ? "" : "no labels");
  }
}
