package io.pulsechat.trainer;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the data the trainer needs by default lives: the {@code datasets/} folder of the
 * repository the trainer was built from, found upwards from the jar (or classes folder), so that
 * the defaults work from any working directory. The system property
 * {@value #PROPERTY} overrides it.
 */
final class DefaultPaths {
  static final String PROPERTY = "pulsechat.datasets";

  private DefaultPaths() {
  }

  /** Sets {@value #PROPERTY} (which the options' defaults name) unless the caller set it. */
  static void install() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, datasets().toString());
    }
  }

  static Path datasets() {
    try {
      Path start = Path.of(DefaultPaths.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path dir = start; dir != null; dir = dir.getParent()) {
        Path candidate = dir.resolve("datasets");
        if (Files.isDirectory(candidate.resolve("tweeteval-sentiment"))) {
          return candidate;
        }
      }
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      // no code source location: fall back below
    }
    return Path.of("datasets").toAbsolutePath();
  }
}
