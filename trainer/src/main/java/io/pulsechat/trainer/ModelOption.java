package io.pulsechat.trainer;

import io.pulsechat.sentiment.AccurateModel;
import io.pulsechat.sentiment.AccurateModelFormat;
import io.pulsechat.sentiment.SentimentModel;
import io.pulsechat.sentiment.SentimentModels;
import io.pulsechat.sentiment.SentimentScorer;
import io.pulsechat.sentiment.TrainingMetrics;
import io.pulsechat.sentiment.encoder.AccurateModels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model FILE} (fast or accurate, told apart by the file's magic) and {@code --fast}; or the models in the jar. */
final class ModelOption {
  @Option(names = "--model", paramLabel = "FILE",
      description = "Model file, fast or accurate (default: the accurate model shipped in the jar).")
  Path model;

  @Option(names = "--fast", description = "Score with the fast model: the one shipped in the jar; with --model, the"
      + " file's own if it is fast, else the one the accurate model stacks on.")
  boolean fast;

  /** A model of either kind; {@code accurate} is null for a fast model. */
  record Loaded(SentimentModel fast, AccurateModel accurate) {
    String version() {
      return accurate != null ? accurate.version() : fast.version();
    }

    TrainingMetrics metrics() {
      return accurate != null ? accurate.metrics() : fast.metrics();
    }

    /** The scorer: the accurate model bound to the shared encoder, or the fast model. */
    SentimentScorer scorer() {
      return accurate != null ? accurate.bind(AccurateModels.encoder()) : fast;
    }
  }

  Loaded load() throws IOException {
    if (model == null && fast) {
      return new Loaded(SentimentModels.loadDefault(), null);
    }
    Loaded loaded = model == null ? new Loaded(null, AccurateModels.loadDefault()) : load(model, "--model");
    if (fast && loaded.accurate() != null) {
      return new Loaded(loaded.accurate().fast(), null);
    }
    return loaded.accurate() != null ? loaded : new Loaded(loaded.fast(), null);
  }

  /** Loads {@code file} of either kind, or fails with a message naming {@code option}. */
  static Loaded load(Path file, String option) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new UserError(option + " " + file + ": no such file");
    }
    byte[] magic;
    try (InputStream in = Files.newInputStream(file)) {
      magic = in.readNBytes(4);
    }
    if (AccurateModelFormat.isAccurate(magic)) {
      AccurateModel accurate = AccurateModels.load(file);
      return new Loaded(accurate.fast(), accurate);
    }
    return new Loaded(SentimentModels.load(file), null);
  }
}
