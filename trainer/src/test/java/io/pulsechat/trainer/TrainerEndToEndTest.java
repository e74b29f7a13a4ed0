package io.pulsechat.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsechat.sentiment.SentimentModel;
import io.pulsechat.sentiment.SentimentModels;
import io.pulsechat.sentiment.encoder.AccurateModels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train -> eval -> predict -> publish on a slice of TweetEval, through the command line. */
class TrainerEndToEndTest {
  static final String DATA = "../datasets/tweeteval-sentiment";
  static final String LEXICONS = "../datasets/lexicons";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void trainEvalPredictPublish(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("slice.model");
    Path feedback = dir.resolve("feedback.jsonl");
    Files.writeString(feedback, """
        {"text": "the new room layout is great", "label": "positive"}
        {"text": "messages keep arriving late", "label": 0}

        {"text": "see you at 5", "label": "neutral"}
        """);
    assertThat(run(null, "train", "--quiet", "--data", DATA, "--lexicons", LEXICONS, "--limit", "4000",
        "--members", "1", "--hash-bits", "16", "--feedback", feedback.toString(), "-o", model.toString()))
        .contains("val: macro recall");

    SentimentModel trained = SentimentModels.load(model);
    assertThat(trained.metrics().examples()).isEqualTo(4003);
    assertThat(trained.metrics().dataset()).isEqualTo("tweeteval-sentiment/train+feedback");
    // 4,000 tweets are enough to beat chance (1/3) clearly; a broken pipeline would not.
    assertThat(trained.metrics().macroRecall()).isGreaterThan(0.5);

    Path report = dir.resolve("report");
    assertThat(run(null, "eval", "--model", model.toString(), "--data", DATA, "--report", report.toString()))
        .contains("negative").contains("recall");
    JsonNode eval = JSON.readTree(report.resolve("eval.json").toFile());
    assertThat(eval.get("model").asText()).isEqualTo(trained.version());
    assertThat(eval.get("examples").asInt()).isEqualTo(2000);
    assertThat(eval.get("macroRecall").asDouble()).isEqualTo(trained.metrics().macroRecall());
    int sum = 0;
    for (JsonNode row : eval.get("confusion").get("matrix")) {
      for (JsonNode cell : row) {
        sum += cell.asInt();
      }
    }
    assertThat(sum).isEqualTo(2000);
    String html = Files.readString(report.resolve("eval.html"));
    assertThat(html).contains("Chart.js v4").contains("new Chart(").doesNotContain("<script src=");

    List<String> messages = List.of("I love it, best day ever!", "this is awful, I hate it", "", "tweet \"quoted\" \\ text");
    String predicted = run(String.join("\n", messages) + "\n", "predict", "--model", model.toString());
    List<String> lines = predicted.lines().toList();
    assertThat(lines).hasSize(messages.size());
    for (int i = 0; i < lines.size(); i++) {
      JsonNode p = JSON.readTree(lines.get(i));
      assertThat(p.get("model").asText()).isEqualTo(trained.version());
      assertThat(p.get("label").asText()).isEqualTo(trained.score(messages.get(i)).label().wireName());
      assertThat(p.get("score").asDouble()).isBetween(-1.0, 1.0);
    }

    Path published = dir.resolve("published");
    assertThat(run(null, "publish", "--model", model.toString(), "--report", report.toString(),
        "--to", published.toString())).contains("published " + trained.version());
    JsonNode latest = JSON.readTree(published.resolve("latest.json").toFile());
    Path publishedModel = published.resolve(latest.get("model").asText());
    byte[] bytes = Files.readAllBytes(publishedModel);
    assertThat(bytes).isEqualTo(Files.readAllBytes(model));
    assertThat(latest.get("sha256").asText())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    assertThat(published.resolve(latest.get("reportHtml").asText())).exists();
    assertThat(latest.get("metrics").get("macroRecall").asDouble()).isEqualTo(trained.metrics().macroRecall());
  }

  @Test
  void crossValidationWithoutAnOutputFileReportsEveryFold() throws Exception {
    String out = run(null, "train", "--quiet", "--cross-validate", "--folds", "3", "--data", DATA,
        "--lexicons", LEXICONS, "--limit", "3000", "--members", "1", "--hash-bits", "16");
    // 3,000 of train plus the 2,000 of val, dealt into 3 folds; each fold's figure beats chance
    assertThat(out).contains("3-fold cross-validation over 5000 messages");
    Matcher folds = Pattern.compile("folds: ([0-9.]+) ([0-9.]+) ([0-9.]+)\\)").matcher(out);
    assertThat(folds.find()).as(out).isTrue();
    for (int f = 1; f <= 3; f++) {
      assertThat(Double.parseDouble(folds.group(f))).isGreaterThan(0.45);
    }
  }

  @Test
  void predictUsesTheDefaultModelWithoutModelOption() throws Exception {
    String out = run("good morning\nsee you at 5\n", "predict");
    assertThat(out.lines().map(l -> readTree(l).get("model").asText()))
        .containsExactly(AccurateModels.loadDefault().version(), AccurateModels.loadDefault().version());
    String fast = run("good morning\n", "predict", "--fast");
    assertThat(JSON.readTree(fast.strip()).get("model").asText()).isEqualTo(SentimentModels.loadDefault().version());
  }

  @Test
  void badArgumentsExitNonZero() throws Exception {
    PrintStream err = System.err;
    try {
      System.setErr(new PrintStream(new ByteArrayOutputStream()));
      assertThat(TrainerCli.run("train")).isNotZero();
      assertThat(TrainerCli.run("eval", "--model", "/does/not/exist.model")).isNotZero();
    } finally {
      System.setErr(err);
    }
  }

  private static JsonNode readTree(String line) {
    try {
      return JSON.readTree(line);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Runs the CLI in-process with {@code stdin} as input and returns what it printed. */
  static String run(String stdin, String... args) throws Exception {
    InputStream in = System.in;
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setIn(new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)));
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      int exit = TrainerCli.run(args);
      assertThat(exit).as("exit code of %s", List.of(args)).isZero();
    } finally {
      System.setIn(in);
      System.setOut(out);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
