package io.pulsechat.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.sentiment.SentimentModels;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed default model is exactly what {@code train} produces from the repository's data
 * with its default options and seed, so anyone can rebuild and audit it.
 */
class DefaultModelReproducesIT {
  @Test
  void retrainingWithTheDefaultSeedReproducesTheShippedModel(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("default.model");
    TrainerEndToEndTest.run(null, "train", "--quiet", "--data", TrainerEndToEndTest.DATA,
        "--lexicons", TrainerEndToEndTest.LEXICONS, "-o", model.toString());
    byte[] shipped;
    try (InputStream in = SentimentModels.class.getResourceAsStream(SentimentModels.DEFAULT_RESOURCE)) {
      shipped = in.readAllBytes();
    }
    assertThat(Files.readAllBytes(model)).isEqualTo(shipped);
  }
}
