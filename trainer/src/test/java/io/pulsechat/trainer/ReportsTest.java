package io.pulsechat.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulsechat.sentiment.Label;
import io.pulsechat.sentiment.Sentiment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The eval report: per-class table, misclassified examples per class, the replaced model side by side. */
class ReportsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Sentiment predicted(Label label) {
    return new Sentiment(label, label == Label.POSITIVE ? 0.5 : label == Label.NEGATIVE ? -0.5 : 0, "m");
  }

  @Test
  void misclassifiedKeepsTwentyWrongOnesPerTrueClassInDataOrder() {
    List<Example> examples = new ArrayList<>();
    List<Sentiment> predictions = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      examples.add(new Example("bad " + i, Label.NEGATIVE));
      predictions.add(predicted(i % 3 == 0 ? Label.NEGATIVE : Label.POSITIVE));
      examples.add(new Example("fine " + i, Label.NEUTRAL));
      predictions.add(predicted(Label.NEUTRAL));
    }
    examples.add(new Example("great", Label.POSITIVE));
    predictions.add(predicted(Label.NEUTRAL));

    ObjectNode wrong = Reports.misclassified(examples, predictions);
    JsonNode negative = wrong.get("negative");
    assertThat(negative).hasSize(Reports.EXAMPLES_PER_CLASS);
    // Messages 1, 2, 4, 5, 7, ... were wrong; 0, 3, 6 ... were right and are left out.
    assertThat(negative.get(0).get("text").asText()).isEqualTo("bad 1");
    assertThat(negative.get(1).get("text").asText()).isEqualTo("bad 2");
    assertThat(negative.get(2).get("text").asText()).isEqualTo("bad 4");
    negative.forEach(x -> assertThat(x.get("predicted").asText()).isEqualTo("positive"));
    assertThat(wrong.get("neutral")).isEmpty();
    assertThat(wrong.get("positive")).hasSize(1);
    assertThat(wrong.get("positive").get(0).get("predicted").asText()).isEqualTo("neutral");
  }

  @Test
  void theReportCarriesThePerClassTableAndTheReplacedModelSideBySide(@TempDir Path dir) throws Exception {
    // rows true, columns predicted: negative, neutral, positive
    Evaluation candidate = new Evaluation(new int[][] {{8, 2, 0}, {1, 6, 3}, {0, 0, 10}});
    Evaluation replaced = new Evaluation(new int[][] {{5, 5, 0}, {0, 10, 0}, {0, 5, 5}});
    Reports.write(dir, "candidate-1", "tweeteval-sentiment/val", candidate, null,
        new Reports.Baseline("replaced-0", replaced));

    JsonNode report = JSON.readTree(dir.resolve(Reports.JSON_FILE).toFile());
    JsonNode negative = report.get("perClass").get("negative");
    assertThat(negative.get("support").asInt()).isEqualTo(10);
    assertThat(negative.get("recall").asDouble()).isEqualTo(0.8);
    assertThat(negative.get("precision").asDouble()).isCloseTo(8 / 9.0, within(1e-9));
    assertThat(report.get("perClass").get("positive").get("recall").asDouble()).isEqualTo(1.0);
    assertThat(report.get("macroRecall").asDouble()).isCloseTo((0.8 + 0.6 + 1.0) / 3, within(1e-9));

    JsonNode baseline = report.get("baseline");
    assertThat(baseline.get("model").asText()).isEqualTo("replaced-0");
    assertThat(baseline.get("dataset").asText()).isEqualTo("tweeteval-sentiment/val");
    assertThat(baseline.get("perClass").get("neutral").get("recall").asDouble()).isEqualTo(1.0);
    assertThat(baseline.get("macroRecall").asDouble()).isCloseTo((0.5 + 1.0 + 0.5) / 3, within(1e-9));

    String html = Files.readString(dir.resolve(Reports.HTML_FILE));
    assertThat(html).contains("<table id=\"perClass\">").contains("the model it would replace")
        .contains("\"model\":\"replaced-0\"");
  }

  @Test
  void aMessageThatClosesTheScriptTagCannotInjectIntoTheReport(@TempDir Path dir) throws Exception {
    String hostile = "</script><script>alert('pwned')</script>";
    List<Example> examples = List.of(new Example(hostile, Label.POSITIVE));
    List<Sentiment> predictions = List.of(predicted(Label.NEGATIVE));
    Evaluation e = Evaluation.of(examples, predictions);
    Reports.write(dir, "m<b>", "val", e, Reports.misclassified(examples, predictions), null);

    String html = Files.readString(dir.resolve(Reports.HTML_FILE));
    // Inside the script element only "</" can end it; the data never carries one.
    assertThat(html).doesNotContain(hostile).contains("<\\/script><script>alert('pwned')<\\/script>");
    assertThat(html).contains("<title>Sentiment evaluation: m&lt;b&gt; on val</title>");
    // The machine-readable copy keeps the text as it was.
    JsonNode report = JSON.readTree(dir.resolve(Reports.JSON_FILE).toFile());
    assertThat(report.get("misclassified").get("positive").get(0).get("text").asText()).isEqualTo(hostile);
  }
}
