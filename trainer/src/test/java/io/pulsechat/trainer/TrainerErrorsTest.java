package io.pulsechat.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.sentiment.SentimentModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Every user error ends in one clear line naming the file or option, exit code 2, and no stack trace. */
class TrainerErrorsTest {
  private static final String DATA = TrainerEndToEndTest.DATA;

  record Outcome(int exit, String out, String err) {
    void isUserErrorMentioning(String... words) {
      assertThat(exit).as("exit code; stderr: %s", err).isEqualTo(2);
      assertThat(err).contains(words);
      assertThat(err).doesNotContain("\tat ").doesNotContain("Exception");
    }
  }

  static Outcome run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int exit = TrainerCli.run(args);
      return new Outcome(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void missingModelFileIsNamed() {
    run("eval", "--model", "/nope").isUserErrorMentioning("--model /nope", "no such file");
    run("predict", "--model", "/nope").isUserErrorMentioning("--model /nope");
  }

  @Test
  void aFileThatIsNotAModelIsNamed(@TempDir Path dir) throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.model"), "hello");
    run("eval", "--model", junk.toString()).isUserErrorMentioning(junk.toString(), "not a PulseChat sentiment model");
  }

  @Test
  void theHeldBackTestSplitIsAMissingSplitNotACrash() {
    run("eval", "--data", DATA, "--split", "test").isUserErrorMentioning("--split test", "train, val");
  }

  @Test
  void missingDataFolderIsNamed() {
    run("eval", "--data", "/no/such/dir").isUserErrorMentioning("--data /no/such/dir");
    run("train", "--data", "/no/such/dir", "-o", "/tmp/x.model").isUserErrorMentioning("--data /no/such/dir");
  }

  @Test
  void missingFeedbackAndLexiconsAreNamed(@TempDir Path dir) {
    String out = dir.resolve("m.model").toString();
    run("train", "--data", DATA, "--feedback", "/no/feedback.jsonl", "-o", out)
        .isUserErrorMentioning("--feedback /no/feedback.jsonl");
    run("train", "--data", DATA, "--lexicons", "/no/lexicons", "-o", out).isUserErrorMentioning("--lexicons /no/lexicons");
  }

  @Test
  void badTrainingOptionsAreNamed(@TempDir Path dir) {
    String out = dir.resolve("m.model").toString();
    run("train", "--hash-bits", "40", "-o", out).isUserErrorMentioning("--hash-bits", "4..26");
    run("train", "--char-ngrams", "a-b", "-o", out).isUserErrorMentioning("--char-ngrams a-b");
    run("train", "--epochs", "0", "-o", out).isUserErrorMentioning("--epochs");
    run("train", "--epochs", "three", "-o", out).isUserErrorMentioning("--epochs", "three");
    run("train", "--data", DATA).isUserErrorMentioning("-o FILE", "--cross-validate");
    run("train", "--data", DATA, "--cross-validate", "--folds", "1").isUserErrorMentioning("--folds");
  }

  @Test
  void publishToS3WithoutARegionSaysSo(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("m.model");
    Files.write(model, SentimentModels.class.getResourceAsStream(SentimentModels.DEFAULT_RESOURCE).readAllBytes());
    // No region anywhere in the default chain: an empty profile file and no AWS_REGION in this JVM.
    String oldProfile = System.getProperty("aws.configFile");
    System.setProperty("aws.configFile", Files.writeString(dir.resolve("config"), "").toString());
    System.setProperty("aws.region", "");
    try {
      if (System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null) {
        run("publish", "--model", model.toString(), "--to", "s3://bucket/models/")
            .isUserErrorMentioning("--to s3://bucket/models/", "--region");
      }
      run("publish", "--model", model.toString(), "--to", "s3:///models/").isUserErrorMentioning("name a bucket");
    } finally {
      System.clearProperty("aws.region");
      if (oldProfile == null) {
        System.clearProperty("aws.configFile");
      } else {
        System.setProperty("aws.configFile", oldProfile);
      }
    }
  }

  @Test
  void publishRefusesAReportMadeForAnotherModel(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("m.model");
    Files.write(model, SentimentModels.class.getResourceAsStream(SentimentModels.DEFAULT_RESOURCE).readAllBytes());
    Path report = Files.createDirectories(dir.resolve("report"));
    Files.writeString(report.resolve("eval.json"), "{\"model\": \"some-other-model\", \"macroRecall\": 0.9}");
    Path store = dir.resolve("store");
    run("publish", "--model", model.toString(), "--report", report.toString(), "--to", store.toString())
        .isUserErrorMentioning("some-other-model", SentimentModels.loadDefault().version());
    assertThat(store).doesNotExist();

    Files.delete(report.resolve("eval.json"));
    run("publish", "--model", model.toString(), "--report", report.toString(), "--to", store.toString())
        .isUserErrorMentioning("no eval.json");
  }

  @Test
  void versionNamesTheBuildAndTheDefaultModel() {
    Outcome o = run("--version");
    assertThat(o.exit()).isZero();
    assertThat(o.out()).containsPattern("trainer \\d+\\.\\d+").contains(SentimentModels.loadDefault().version());
  }

  @Test
  void everyOptionOfEveryCommandHasHelp() {
    List<String> undocumented = new ArrayList<>();
    CommandLine cli = new CommandLine(new TrainerCli());
    for (CommandLine sub : cli.getSubcommands().values()) {
      CommandSpec spec = sub.getCommandSpec();
      for (OptionSpec option : spec.options()) {
        if (String.join("", option.description()).isBlank()) {
          undocumented.add(spec.name() + " " + option.longestName());
        }
      }
    }
    assertThat(undocumented).isEmpty();
  }

  @Test
  void defaultDataIsFoundWhateverTheWorkingDirectory() {
    Path datasets = DefaultPaths.datasets();
    assertThat(datasets).isAbsolute();
    assertThat(datasets.resolve("tweeteval-sentiment/train_text.txt")).exists();
    assertThat(datasets.resolve("lexicons")).isDirectory();
  }
}
