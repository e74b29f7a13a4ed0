package io.pulsechat.sentiment;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads models: the default one shipped on the classpath, or a file. */
public final class SentimentModels {
  /** The classpath resource of the default model. */
  public static final String DEFAULT_RESOURCE = "/io/pulsechat/sentiment/default.model";

  private SentimentModels() {
  }

  /**
   * The default model, trained on TweetEval and shipped in this jar.
   *
   * @throws UncheckedIOException if the resource is missing or unreadable; the message says which
   */
  public static SentimentModel loadDefault() {
    try (InputStream in = SentimentModels.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new UncheckedIOException(new IOException(
            "the default sentiment model " + DEFAULT_RESOURCE + " is not on the classpath"));
      }
      return ModelFormat.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the default sentiment model: " + e.getMessage(), e);
    }
  }

  public static SentimentModel load(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return ModelFormat.read(in);
    } catch (ModelFormatException e) {
      throw new ModelFormatException(file + ": " + e.getMessage(), e);
    }
  }
}
