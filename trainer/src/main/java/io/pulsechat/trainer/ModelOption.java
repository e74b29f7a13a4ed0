package io.pulsechat.trainer;

import io.pulsechat.sentiment.SentimentModel;
import io.pulsechat.sentiment.SentimentModels;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model FILE}, or the default model on the classpath. */
final class ModelOption {
  @Option(names = "--model", paramLabel = "FILE", description = "Model file (default: the model shipped in the jar).")
  Path model;

  SentimentModel load() throws IOException {
    return model == null ? SentimentModels.loadDefault() : SentimentModels.load(model);
  }
}
