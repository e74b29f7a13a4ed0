package io.pulsechat.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AccurateModelTest {
  /** A stand-in encoder: a vector made from the text's hash, so different texts differ. */
  record HashEncoder(String name, String checksum, int dimension) implements SentenceEncoder {
    @Override
    public float[][] encode(List<String> texts) {
      float[][] out = new float[texts.size()][dimension];
      for (int i = 0; i < texts.size(); i++) {
        Random r = new Random(texts.get(i).hashCode());
        for (int d = 0; d < dimension; d++) {
          out[i][d] = (float) r.nextGaussian();
        }
      }
      return out;
    }
  }

  static AccurateModel model(int dimension, int hidden) {
    Random r = new Random(7);
    int inputs = dimension + StackHead.FAST_INPUTS;
    float[] w1 = new float[inputs * hidden];
    float[] b1 = new float[hidden];
    float[] w2 = new float[(hidden == 0 ? inputs : hidden) * 3];
    for (int i = 0; i < w1.length; i++) {
      w1[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < w2.length; i++) {
      w2[i] = (float) r.nextGaussian();
    }
    return new AccurateModel("acc-test", TrainingMetrics.none(), "enc", "abc123", SentimentModels.loadDefault(),
        new StackHead(inputs, hidden, w1, b1, w2, new float[] {0.1f, 0f, -0.1f}));
  }

  @Test
  void roundTripsThroughItsFileFormatAndScoresTheSame() throws Exception {
    AccurateModel model = model(8, 4);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AccurateModelFormat.write(model, bytes);
    assertThat(AccurateModelFormat.isAccurate(bytes.toByteArray())).isTrue();
    AccurateModel read = AccurateModelFormat.read(new ByteArrayInputStream(bytes.toByteArray()));
    assertThat(read.version()).isEqualTo("acc-test");
    assertThat(read.fast().version()).isEqualTo(SentimentModels.loadDefault().version());
    SentenceEncoder encoder = new HashEncoder("enc", "abc123", 8);
    List<String> texts = List.of("love it", "hate this", "see you at 5");
    assertThat(read.bind(encoder).scoreBatch(texts)).isEqualTo(model.bind(encoder).scoreBatch(texts));
    assertThat(model.bind(encoder).score("love it").model()).isEqualTo("acc-test");
  }

  @Test
  void refusesAnEncoderWithOtherWeights() {
    AccurateModel model = model(8, 0);
    assertThatThrownBy(() -> model.bind(new HashEncoder("enc", "other", 8))).hasMessageContaining("abc123");
    assertThatThrownBy(() -> model.bind(new HashEncoder("enc", "abc123", 16))).hasMessageContaining("dimensions");
  }

  @Test
  void refusesADamagedFile() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AccurateModelFormat.write(model(8, 4), bytes);
    byte[] file = bytes.toByteArray();
    file[file.length / 2] ^= 1;
    assertThatThrownBy(() -> AccurateModelFormat.read(new ByteArrayInputStream(file)))
        .isInstanceOf(ModelFormatException.class).hasMessageContaining("checksum");
  }
}
