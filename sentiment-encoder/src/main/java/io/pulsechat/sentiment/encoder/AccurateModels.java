package io.pulsechat.sentiment.encoder;

import io.pulsechat.sentiment.AccurateModel;
import io.pulsechat.sentiment.AccurateModelFormat;
import io.pulsechat.sentiment.ModelFormatException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads accurate models: the default one shipped in this jar, or a file; and the one shared encoder. */
public final class AccurateModels {
  /** The classpath resource of the default accurate model. */
  public static final String DEFAULT_RESOURCE = "/io/pulsechat/sentiment/encoder/default-accurate.model";
  private static MiniLmEncoder shared;

  private AccurateModels() {
  }

  /**
   * The default accurate model, trained on TweetEval and shipped in this jar.
   *
   * @throws UncheckedIOException if the resource is missing or unreadable; the message says which
   */
  public static AccurateModel loadDefault() {
    try (InputStream in = AccurateModels.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IOException("the default accurate model " + DEFAULT_RESOURCE + " is not on the classpath");
      }
      return AccurateModelFormat.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the default accurate model: " + e.getMessage(), e);
    }
  }

  public static AccurateModel load(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return AccurateModelFormat.read(in);
    } catch (ModelFormatException e) {
      throw new ModelFormatException(file + ": " + e.getMessage(), e);
    }
  }

  /** One encoder per JVM: its ONNX session holds about 100 MB and is thread-safe. */
  public static synchronized MiniLmEncoder encoder() {
    if (shared == null) {
      shared = new MiniLmEncoder();
    }
    return shared;
  }
}
