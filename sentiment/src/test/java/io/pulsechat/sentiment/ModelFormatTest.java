package io.pulsechat.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFormatTest {
  private static final List<String> MESSAGES = List.of(
      "such a good day :)", "bad bad service", "not good at all", "#HappyFriday \uD83D\uDE00", "meh", "");

  @Test
  void roundTripKeepsHeaderLexiconAndScores() throws IOException {
    SentimentModel original = TestModels.random(3);
    SentimentModel copy = read(write(original));

    assertThat(copy.version()).isEqualTo(original.version());
    assertThat(copy.settings()).isEqualTo(original.settings());
    assertThat(copy.metrics()).isEqualTo(original.metrics());
    assertThat(copy.lexicon().sources()).containsExactly("vader", "emoji");
    assertThat(copy.lexicon().size()).isEqualTo(original.lexicon().size());
    assertThat(copy.lexicon().score(copy.lexicon().row("bad"), 1)).isEqualTo(-1f);
    assertThat(Float.isNaN(copy.lexicon().score(copy.lexicon().row("good"), 1))).isTrue();
    for (String m : MESSAGES) {
      assertThat(copy.score(m)).isEqualTo(original.score(m));
    }
  }

  @Test
  void keepsTrainingMetrics() throws IOException {
    SentimentModel copy = read(write(TestModels.lexiconOnly()));
    assertThat(copy.metrics()).isEqualTo(new TrainingMetrics("unit test", 0, 7L, "none", 0.5, 0.25, 0.125));
  }

  @Test
  void writingIsDeterministic() throws IOException {
    assertThat(write(TestModels.random(5))).isEqualTo(write(TestModels.random(5)));
  }

  @Test
  void refusesAFileThatIsNotAModel() {
    assertThatThrownBy(() -> read("{\"model\": \"json, not binary\"}".getBytes()))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("not a PulseChat sentiment model");
    assertThatThrownBy(() -> read(new byte[0]))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("only 0 bytes");
  }

  @Test
  void refusesAnUnknownFormatVersionBeforeCheckingTheChecksum() throws IOException {
    byte[] file = write(TestModels.lexiconOnly());
    ByteBuffer.wrap(file).putInt(4, 2);
    assertThatThrownBy(() -> read(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("unsupported model format version 2")
        .hasMessageContaining("reads version 1");
  }

  @Test
  void refusesAFlippedBitAnywhereInTheBody() throws IOException {
    byte[] good = write(TestModels.random(1));
    for (int at : new int[] {8, 40, good.length / 2, good.length - 5, good.length - 1}) {
      byte[] bad = good.clone();
      bad[at] ^= 0x10;
      assertThatThrownBy(() -> read(bad))
          .as("flipped byte %d", at)
          .isInstanceOf(ModelFormatException.class)
          .hasMessageContaining("checksum mismatch");
    }
  }

  @Test
  void refusesATruncatedFile() throws IOException {
    byte[] good = write(TestModels.random(1));
    assertThatThrownBy(() -> read(Arrays.copyOf(good, good.length - 100)))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void refusesAStructurallyBrokenBodyEvenWithAValidChecksum() throws IOException {
    byte[] good = write(TestModels.lexiconOnly());
    // Cut the weights short and re-seal the file: the checksum passes, the layout does not.
    byte[] body = Arrays.copyOf(good, good.length - 4 - 64);
    CRC32C crc = new CRC32C();
    crc.update(body);
    byte[] resealed = ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).array();
    assertThatThrownBy(() -> read(resealed))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("corrupt model file");
  }

  @Test
  void loadingAFileNamesItInTheError(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("broken.model");
    Files.write(file, new byte[] {'P', 'C', 'S', 'M', 0, 0, 0, 9, 1, 2, 3, 4});
    assertThatThrownBy(() -> SentimentModels.load(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("broken.model")
        .hasMessageContaining("version 9");
  }

  private static byte[] write(SentimentModel model) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModelFormat.write(model, out);
    return out.toByteArray();
  }

  private static SentimentModel read(byte[] bytes) throws IOException {
    return ModelFormat.read(new ByteArrayInputStream(bytes));
  }
}
