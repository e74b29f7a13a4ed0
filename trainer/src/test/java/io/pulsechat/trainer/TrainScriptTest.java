package io.pulsechat.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The trainer AMI's scheduled run, packer/trainer/files/pulsechat-train.sh, with a stand-in
 * {@code java} on PATH that records its arguments. Every recorded call is then parsed by the real
 * trainer CLI, so a renamed or missing flag fails here rather than on the instance at 03:00.
 */
class TrainScriptTest {
  private static final Path PACKER = Path.of(System.getProperty("user.dir")).resolve("../packer/trainer").normalize();
  private static final Path SCRIPT = PACKER.resolve("files/pulsechat-train.sh");
  private static final Path DATASETS = Path.of(System.getProperty("user.dir")).resolve("../datasets").normalize();

  @TempDir Path dir;
  private Path calls;
  private Path bin;

  @BeforeEach
  void standInJava() throws IOException {
    calls = Files.createDirectories(dir.resolve("calls"));
    bin = Files.createDirectories(dir.resolve("bin"));
    Path java = bin.resolve("java");
    // One file per call, arguments NUL-terminated; FAIL_AT names a subcommand that exits 1.
    Files.writeString(java, """
        #!/bin/bash
        n=$(ls "${CALLS}" | wc -l)
        printf '%s\\0' "$@" >"${CALLS}/$(printf %03d "${n}")"
        for arg in "$@"; do [ "${arg}" = "${FAIL_AT:-none}" ] && exit 1; done
        exit 0
        """);
    assertThat(java.toFile().setExecutable(true)).isTrue();
  }

  @Test
  void exportsTrainsEvaluatesAndPublishesWithFlagsTheCliAccepts() throws Exception {
    assertThat(run("none")).isZero();

    List<ParseResult> runs = recordedCalls().stream().map(TrainScriptTest::parse).toList();
    assertThat(runs).extracting(r -> r.subcommand().commandSpec().name())
        .containsExactly("export-feedback", "train", "eval", "publish");
    ExportFeedbackCommand export = command(runs.get(0));
    TrainCommand train = command(runs.get(1));
    EvalCommand eval = command(runs.get(2));
    PublishCommand publish = command(runs.get(3));

    assertThat(export.table).isEqualTo("pulsechat-feedback");
    assertThat(export.region).isEqualTo("eu-west-1");
    assertThat(train.feedback).containsExactly(export.out);
    assertThat(train.data.resolve("train_text.txt")).isRegularFile();
    assertThat(train.data.resolve("val_labels.txt")).isRegularFile();
    assertThat(train.lexicons.resolve("vader_lexicon.tsv")).isRegularFile();
    assertThat(eval.model.model).isEqualTo(train.out);
    assertThat(eval.data).isEqualTo(train.data);
    assertThat(publish.model).isEqualTo(train.out);
    assertThat(publish.report).isEqualTo(eval.report);
    assertThat(publish.to).isEqualTo("s3://models-bucket/models/");
    assertThat(publish.region).isEqualTo("eu-west-1");
    assertThat(publish.eventBus).isEqualTo("stack-events");
    assertThat(Stream.of(export.out, train.out, eval.report)).allMatch(p -> p.startsWith(dir.resolve("work")));
  }

  @Test
  void aFailedStepStopsTheRunBeforeAnythingIsPublished() throws Exception {
    assertThat(run("train")).isNotZero();

    assertThat(recordedCalls()).extracting(args -> args.get(args.indexOf("-jar") + 2))
        .containsExactly("export-feedback", "train");
  }

  @Test
  void theAmiInstallsTheScriptAndDatasetsWhereTheUnitAndScriptLook() throws Exception {
    String unit = Files.readString(PACKER.resolve("files/pulsechat-train.service"));
    String install = Files.readString(PACKER.resolve("install.sh"));
    String template = Files.readString(PACKER.resolve("trainer.pkr.hcl"));
    String script = Files.readString(SCRIPT);
    assertThat(unit).contains("ExecStart=/usr/local/bin/pulsechat-train\n", "EnvironmentFile=/etc/pulsechat/trainer.env");
    assertThat(template).contains("\"${path.root}/files/pulsechat-train.sh\"", "destination = \"/tmp/pulsechat/datasets\"",
        "\"${path.root}/../../datasets\"");
    assertThat(install).contains("/tmp/pulsechat/pulsechat-train.sh /usr/local/bin/pulsechat-train\n",
        "cp -r /tmp/pulsechat/datasets /opt/pulsechat/datasets\n");
    assertThat(script).contains("datasets=${DATASETS_DIR:-/opt/pulsechat/datasets}",
        "jar=${TRAINER_JAR:-/opt/pulsechat/trainer.jar}");
  }

  private int run(String failAt) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("out.log").toFile());
    Map<String, String> env = pb.environment();
    env.put("PATH", bin + ":/usr/bin:/bin");
    env.put("CALLS", calls.toString());
    env.put("FAIL_AT", failAt);
    // As /etc/pulsechat/trainer.env has them (cloudformation/pulsechat.yaml, TrainerInstance user data).
    env.put("AWS_REGION", "eu-west-1");
    env.put("FEEDBACK_TABLE", "pulsechat-feedback");
    env.put("MODELS_URI", "s3://models-bucket/models/");
    env.put("EVENT_BUS", "stack-events");
    env.put("TRAINER_JAR", "/opt/pulsechat/trainer.jar");
    env.put("DATASETS_DIR", DATASETS.toString());
    env.put("WORK_DIR", dir.resolve("work").toString());
    return pb.start().waitFor();
  }

  private List<List<String>> recordedCalls() throws IOException {
    List<List<String>> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(calls)) {
      for (Path f : files.sorted().toList()) {
        String raw = Files.readString(f, StandardCharsets.UTF_8);
        all.add(Arrays.asList(raw.substring(0, raw.length() - 1).split("\0", -1)));
      }
    }
    return all;
  }

  /** Drops the JVM options and {@code -jar FILE}, then parses the rest as the jar's main would. */
  private static ParseResult parse(List<String> javaArgs) {
    int jar = javaArgs.indexOf("-jar");
    assertThat(jar).isNotNegative();
    assertThat(javaArgs.get(jar + 1)).isEqualTo("/opt/pulsechat/trainer.jar");
    String[] cliArgs = javaArgs.subList(jar + 2, javaArgs.size()).toArray(String[]::new);
    return new CommandLine(new TrainerCli()).parseArgs(cliArgs);
  }

  @SuppressWarnings("unchecked")
  private static <T> T command(ParseResult result) {
    return (T) result.subcommand().commandSpec().userObject();
  }
}
