package io.pulsechat.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulsechat.sentiment.Label;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
  @Test
  void readsTweetEvalSplitsTrimmed() throws IOException {
    var val = Datasets.tweetEval(Path.of(TrainerEndToEndTest.DATA), "val");
    assertThat(val).hasSize(2000);
    assertThat(val.stream().filter(e -> e.label() == Label.NEGATIVE)).hasSize(312);
    assertThat(val).allSatisfy(e -> assertThat(e.text()).isEqualTo(e.text().strip()));
  }

  @Test
  void refusesMisalignedOrBadLabels(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("x_text.txt"), "a\nb\n");
    Files.writeString(dir.resolve("x_labels.txt"), "0\n");
    assertThatThrownBy(() -> Datasets.tweetEval(dir, "x")).hasMessageContaining("has 2 lines but");
    Files.writeString(dir.resolve("x_labels.txt"), "0\n7\n");
    assertThatThrownBy(() -> Datasets.tweetEval(dir, "x")).hasMessageContaining("line 2").hasMessageContaining("\"7\"");
  }

  @Test
  void readsFeedbackWithNamesOrIds(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("f.jsonl");
    Files.writeString(file, "{\"text\":\" great \",\"label\":\"Positive\"}\n\n{\"label\":1,\"text\":\"ok\"}\n");
    assertThat(Datasets.feedback(file)).containsExactly(
        new Example("great", Label.POSITIVE), new Example("ok", Label.NEUTRAL));
  }

  /** The lines of the gateway's GET /api/feedback.jsonl carry context the trainer ignores. */
  @Test
  void readsTheGatewaysFeedbackExport(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("feedback.jsonl");
    Files.writeString(file, "{\"text\":\"so slow today\",\"label\":\"negative\",\"modelLabel\":\"neutral\","
        + "\"model\":\"tweeteval-lr-1\",\"room\":\"lobby\",\"id\":\"1700000000000-0000-ab12\",\"user\":\"ann\","
        + "\"ts\":1700000000123}\n");
    assertThat(Datasets.feedback(file)).containsExactly(new Example("so slow today", Label.NEGATIVE));
  }

  @Test
  void reportsTheLineOfBadFeedback(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("f.jsonl");
    Files.writeString(file, "{\"text\":\"a\",\"label\":\"positive\"}\n{\"text\":\"b\",\"label\":\"angry\"}\n");
    assertThatThrownBy(() -> Datasets.feedback(file)).hasMessageContaining("line 2").hasMessageContaining("angry");
    Files.writeString(file, "not json\n");
    assertThatThrownBy(() -> Datasets.feedback(file)).hasMessageContaining("line 1").hasMessageContaining("not JSON");
    Files.writeString(file, "{\"label\":\"positive\"}\n");
    assertThatThrownBy(() -> Datasets.feedback(file)).hasMessageContaining("expected");
  }
}
