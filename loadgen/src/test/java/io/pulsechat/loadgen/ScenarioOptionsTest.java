package io.pulsechat.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulsechat.loadgen.scenario.RoomShape;
import io.pulsechat.loadgen.scenario.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScenarioOptionsTest {
  @TempDir
  Path dir;

  static Scenario parse(String... args) {
    LoadgenCommand command = new LoadgenCommand();
    Main.commandLine(command, args).parseArgs(args);
    return command.scenario();
  }

  @Test
  void flagsOverrideAJsonScenarioFile() throws IOException {
    Path file = dir.resolve("s.json");
    Files.writeString(file, "{\"url\": [\"ws://a:1/ws\", \"wss://b.example.com/prod\"], \"rooms\": 3,"
        + " \"members\": 50, \"rate\": 20, \"source-addresses\": \"2\", \"insecure\": true}");

    Scenario s = parse("--scenario", file.toString(), "--rate", "40", "--run-id", "r1");

    assertThat(s.urls()).containsExactly(URI.create("ws://a:1/ws"), URI.create("wss://b.example.com/prod"));
    assertThat(s.rooms()).isEqualTo(3);
    assertThat(s.members()).isEqualTo(50);
    assertThat(s.rate()).isEqualTo(40);
    assertThat(s.sourceAddresses()).containsExactly("127.0.0.1", "127.0.0.2");
    assertThat(s.insecure()).isTrue();
    assertThat(s.room(2)).isEqualTo("lg-r1-2");
  }

  @Test
  void readsAPropertiesFileWithACommaListOfUrls() throws IOException {
    Path file = dir.resolve("s.properties");
    Files.writeString(file, "url=ws://a/ws,ws://b/ws\nsenders=2\nroom-prefix=bench-\n");

    Scenario s = parse("--scenario=" + file, "--url", "ws://c/ws");

    assertThat(s.urls()).containsExactly(URI.create("ws://c/ws"));
    assertThat(s.senders()).isEqualTo(2);
    assertThat(s.room(0)).isEqualTo("bench-0");
  }

  @Test
  void refusesUnknownKeysAndBadValues() throws IOException {
    Path typo = dir.resolve("typo.properties");
    Files.writeString(typo, "url=ws://a/ws\nroom=2\n");
    assertThatThrownBy(() -> parse("--scenario", typo.toString()))
        .hasMessageContaining("unknown keys: room");

    Path bad = dir.resolve("bad.properties");
    Files.writeString(bad, "url=ws://a/ws\nrooms=two\n");
    assertThatThrownBy(() -> parse("--scenario", bad.toString()))
        .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--rooms");

    assertThatThrownBy(() -> parse("--url", "http://a/ws", "--size", "5000", "--run-id", "no spaces"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("not a ws:// or wss:// URL")
        .hasMessageContaining("--size must be from 1 to 2000")
        .hasMessageContaining("--run-id");
    assertThatThrownBy(() -> parse("--rooms", "1")).hasMessageContaining("--url is required");
    assertThatThrownBy(() -> parse("--url", "ws://a/ws", "--source-addresses", "999"))
        .hasMessageContaining("--source-addresses");
  }

  @Test
  void thresholdsComeFromFlagsOrTheScenarioFile() throws IOException {
    Path file = dir.resolve("t.json");
    Files.writeString(file, "{\"url\": \"ws://a/ws\", \"threshold\": [\"p99<100ms\", \"errors.rate_limited==0\"]}");
    assertThat(parse("--scenario", file.toString()).thresholds()).extracting(t -> t.expression())
        .containsExactly("p99<100ms", "errors.rate_limited==0");
    assertThat(parse("--url", "ws://a/ws", "--threshold", "p999<500ms", "--threshold", "loss==0").thresholds())
        .hasSize(2);
  }

  @Test
  void stagesAreRateColonSeconds() throws IOException {
    Path file = dir.resolve("stages.json");
    Files.writeString(file, "{\"url\": \"ws://a/ws\", \"stages\": [\"20:30\", \"100:5\", \"20:30\"]}");
    assertThat(parse("--scenario", file.toString()).stages()).containsExactly(new Scenario.Stage(20, 30),
        new Scenario.Stage(100, 5), new Scenario.Stage(20, 30));
    assertThatThrownBy(() -> parse("--url", "ws://a/ws", "--stages", "20"))
        .hasMessageContaining("--stages 20 is not RATE:SECONDS");
    assertThatThrownBy(() -> parse("--url", "ws://a/ws", "--stages", "20:5", "--max-rate"))
        .hasMessageContaining("do not go together");
  }

  @Test
  void roomShapesMixLargeAndSmallRoomsAndSplitOverAgentsByRoom() throws IOException {
    Path file = dir.resolve("shapes.json");
    Files.writeString(file, "{\"url\": \"ws://a/ws\", \"room-shapes\": [\"2x1000+1\", \"5x10+2\"]}");
    Scenario s = parse("--scenario", file.toString());

    assertThat(s.layout()).containsExactly(new RoomShape(2, 1000, 1), new RoomShape(5, 10, 2));
    assertThat(s.rooms()).isEqualTo(7);
    assertThat(s.connections()).isEqualTo(2 * 1001 + 5 * 12);
    assertThat(s.totalSenders()).isEqualTo(2 + 10);
    assertThat(s.describeRooms()).isEqualTo("2 rooms x (1000 members + 1 senders) + 5 rooms x (10 members + 2 senders)");
    // Agent 0 of 3 takes rooms 0, 3 and 6; agent 1 rooms 1 and 4; agent 2 rooms 2 and 5.
    assertThat(s.share(0, 3, List.of(), 1, Optional.empty()).layout())
        .containsExactly(new RoomShape(1, 1000, 1), new RoomShape(2, 10, 2));
    assertThat(s.share(1, 3, List.of(), 1, Optional.empty()).layout())
        .containsExactly(new RoomShape(1, 1000, 1), new RoomShape(1, 10, 2));
    assertThat(s.share(2, 3, List.of(), 1, Optional.empty()).layout()).containsExactly(new RoomShape(2, 10, 2));
    // The options an agent is started with make the same rooms again.
    assertThat(parse(s.toArgs().toArray(String[]::new)).layout()).isEqualTo(s.layout());

    assertThatThrownBy(() -> parse("--url", "ws://a/ws", "--room-shapes", "2x10"))
        .hasMessageContaining("--room-shapes 2x10 is not COUNTxMEMBERS+SENDERS");
    assertThatThrownBy(() -> parse("--url", "ws://a/ws", "--room-shapes", "0x10+1,3x0+0"))
        .hasMessageContaining("--room-shapes 0x10+1").hasMessageContaining("--room-shapes 3x0+0");
  }

  @Test
  void everyRoomKnowsItsShapeOnEveryAgentAndThresholdsNameOnlyShapesOfTheRun() {
    Scenario s = parse("--url", "ws://a/ws", "--room-shapes", "2x1000+1,5x10+2", "--threshold",
        "shape[2x1000+1].p99<100ms", "--threshold", "shape[10+2].loss==0");
    assertThat(s.shapeKeys()).containsExactly("1000+1", "10+2");
    assertThat(s.roomShapes()).containsExactly("1000+1", "1000+1", "10+2", "10+2", "10+2", "10+2", "10+2");
    // Agent 1 of 3 takes rooms 1 and 4: one of each shape, keyed alike, so their results merge by shape.
    assertThat(s.share(1, 3, List.of(), 1, Optional.empty()).roomShapes()).containsExactly("1000+1", "10+2");
    assertThat(parse("--url", "ws://a/ws", "--rooms", "3").roomShapes()).containsExactly("", "", "");
    assertThat(parse("--url", "ws://a/ws", "--rooms", "3").shapeKeys()).isEmpty();

    assertThatThrownBy(() -> parse("--url", "ws://a/ws", "--room-shapes", "2x1000+1,5x10+2", "--threshold",
        "shape[3x1000+1].p99<100ms")).hasMessageContaining("--threshold shape[3x1000+1].p99<100ms: no rooms of shape"
        + " 3x1000+1 in this run; its shapes are 2x1000+1, 5x10+2");
    assertThatThrownBy(() -> parse("--url", "ws://a/ws", "--room-shapes", "2x1000+1,5x10+2", "--threshold",
        "shape[50+1].p99<100ms")).hasMessageContaining("no rooms of shape 50+1");
    assertThatThrownBy(() -> parse("--url", "ws://a/ws", "--rooms", "2", "--threshold", "shape[10+1].p99<100ms"))
        .hasMessageContaining("names a room shape, but the run has one shape: give --room-shapes");
  }

  @Test
  void printsItsVersion() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(Main.run(new String[] {"--version"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream()))).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("loadgen 1.").doesNotContain("${");
  }

  @Test
  void badUsageExitsWithTwoAndSaysWhy() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"--url", "ws://a/ws", "--rooms", "0"}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--rooms must be at least 1");

    assertThat(err.toString(StandardCharsets.UTF_8).lines().count()).as("one line and a hint, not the help").isEqualTo(2);

    ByteArrayOutputStream typo = new ByteArrayOutputStream();
    assertThat(Main.run(new String[] {"--url", "ws://a/ws", "--threshhold", "p99<1ms"},
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(typo, true, StandardCharsets.UTF_8))).isEqualTo(2);
    assertThat(typo.toString(StandardCharsets.UTF_8)).contains("--threshhold", "--threshold", "loadgen --help")
        .doesNotContain("--max-rate-steps");

    ByteArrayOutputStream badThreshold = new ByteArrayOutputStream();
    assertThat(Main.run(new String[] {"--url", "ws://a/ws", "--threshold", "p98<1ms"},
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(badThreshold, true, StandardCharsets.UTF_8)))
        .isEqualTo(2);
    assertThat(badThreshold.toString(StandardCharsets.UTF_8)).contains("unknown measure p98");

    assertThat(Main.run(new String[] {"--scenario", dir.resolve("missing.json").toString()},
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()))).isEqualTo(2);
  }

  /** Runs {@code args} and returns what it printed on stderr, asserting a usage error. */
  private static String usageError(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(Main.run(args, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
    String text = err.toString(StandardCharsets.UTF_8);
    assertThat(text.lines().count()).as(text).isEqualTo(2);
    return text.lines().findFirst().orElseThrow();
  }

  @Test
  void aBadScenarioFileIsOneLineNamingTheLineAndKey() throws IOException {
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"url\": \"ws://a/ws\", \"rooms\": 3,\n \"rate\": 5\n \"duration\": 4}");
    assertThat(usageError("--scenario", broken.toString())).startsWith("loadgen: scenario file " + broken
        + ", line 3, column 2: not valid JSON: Unexpected character").doesNotContain("REDACTED");

    Path notObject = dir.resolve("list.json");
    Files.writeString(notObject, "[\"url\", \"ws://a/ws\"]");
    assertThat(usageError("--scenario", notObject.toString())).contains("is not a JSON object");

    Path wrongType = dir.resolve("type.json");
    Files.writeString(wrongType, "{\"url\": \"ws://a/ws\",\n \"rooms\": \"three\"}");
    assertThat(usageError("--scenario", wrongType.toString())).contains("--rooms", "'three' is not an int",
        "(scenario file " + wrongType + ", line 2, key \"rooms\")");

    Path invalid = dir.resolve("invalid.properties");
    Files.writeString(invalid, "url=ws://a/ws\n# the spike\nstages=20:30,100\nrooms=0\n");
    assertThat(usageError("--scenario", invalid.toString())).contains(
        "--stages 100 is not RATE:SECONDS with both above 0, e.g. 100:5 (scenario file " + invalid
            + ", line 3, key \"stages\")",
        "--rooms must be at least 1 (scenario file " + invalid + ", line 4, key \"rooms\")");
    // A flag that overrides the file is the command line's, not the file's.
    assertThat(usageError("--scenario", invalid.toString(), "--rooms", "-1", "--stages", "20:30"))
        .contains("--rooms must be at least 1").doesNotContain("key \"rooms\"");

    Path typo = dir.resolve("typo.json");
    Files.writeString(typo, "{\"url\": \"ws://a/ws\",\n \"romos\": 3}");
    assertThat(usageError("--scenario", typo.toString())).contains("unknown keys: romos (line 2), did you mean rooms?");

    assertThat(usageError("--scenario", dir.resolve("missing.json").toString())).endsWith("missing.json: no such file");
  }

  @Test
  void helpStartsWithHowToRunItAndEndsWithExamples() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(Main.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream()))).isZero();
    String help = out.toString(StandardCharsets.UTF_8);
    assertThat(help.lines().findFirst().orElseThrow()).isEqualTo("Usage: loadgen --url ws://HOST:PORT/ws [OPTION]...");
    assertThat(help).contains("Examples:", "shape[2x1000+1].p99<250ms", "--members=N", "--rate=PER_SECOND")
        .doesNotContain("<members>", "<p99BoundMs>", "<maxRateStart>");
  }
}
