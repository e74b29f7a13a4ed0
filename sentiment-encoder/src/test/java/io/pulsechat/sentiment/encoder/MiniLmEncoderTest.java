package io.pulsechat.sentiment.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our single-threaded session over the shipped weights encodes as langchain4j's own model does. */
class MiniLmEncoderTest {
  private static final List<String> TEXTS = List.of("ok", "I love this so much!", "worst. day. ever.",
      "the meeting moved to 3pm", "", "@user lol sure, great idea #not");

  @Test
  void encodesAsTheShippedModelDoesWhileUsingOneThread() {
    float[][] ours = new MiniLmEncoder().encode(TEXTS);
    AllMiniLmL6V2QuantizedEmbeddingModel reference = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
    assertThat(ours).hasNumberOfRows(TEXTS.size());
    for (int i = 0; i < TEXTS.size(); i++) {
      String text = MiniLmEncoder.segmentText(TEXTS.get(i));
      float[] expected = reference.embed(TextSegment.from(text)).content().vector();
      assertThat(ours[i]).as(text).hasSize(384).containsExactly(expected, within(1e-4f));
    }
  }
}
