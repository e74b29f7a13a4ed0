package io.pulsechat.trainer;

import io.pulsechat.sentiment.SentimentModel;
import io.pulsechat.sentiment.SentimentModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model FILE}, or the default model on the classpath. */
final class ModelOption {
  @Option(names = "--model", paramLabel = "FILE", description = "Model file (default: the model shipped in the jar).")
  Path model;

  SentimentModel load() throws IOException {
    if (model == null) {
      return SentimentModels.loadDefault();
    }
    return load(model, "--model");
  }

  /** Loads {@code file}, or fails with a message naming {@code option} when there is no such file. */
  static SentimentModel load(Path file, String option) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new UserError(option + " " + file + ": no such file");
    }
    return SentimentModels.load(file);
  }
}
