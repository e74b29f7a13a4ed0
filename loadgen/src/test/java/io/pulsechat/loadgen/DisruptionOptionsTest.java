package io.pulsechat.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.loadgen.scenario.Disruption;
import io.pulsechat.loadgen.scenario.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Storms, churn and drills from flags or a scenario file; every bad one is a usage error (exit 2) that says why. */
class DisruptionOptionsTest {
  @TempDir
  Path dir;

  private static Scenario parse(String... args) {
    return ScenarioOptionsTest.parse(args);
  }

  /** The exit code and the one line on stderr. */
  private static String usage(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return code + " " + err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
  }

  @Test
  void readsStormChurnAndDrillFromAScenarioFile() throws IOException {
    Path file = dir.resolve("d.json");
    Files.writeString(file, "{\"url\": \"ws://a/ws\", \"duration\": 30, \"storm\": \"25@10\", \"churn\": 5,"
        + " \"churn-away\": 2, \"drill\": \"kill -9 1234\", \"drill-at\": 5}");

    Disruption d = parse("--scenario", file.toString()).disruption();

    assertThat(d).isEqualTo(new Disruption(25, 10, 5, 2, Optional.of("kill -9 1234"), 5));
    assertThat(d.storm()).isTrue();
    assertThat(d.churn()).isTrue();
    assertThat(d.drill()).isTrue();
  }

  @Test
  void aPlainRunDisruptsNobody() {
    Disruption d = parse("--url", "ws://a/ws").disruption();
    assertThat(d.any()).isFalse();
    assertThat(parse("--url", "ws://a/ws").describe()).doesNotContainKeys("storm", "churn", "drill");
  }

  @Test
  void theScenarioTravelsToAgentsWithItsDisruptions() {
    Scenario s = parse("--url", "ws://a/ws", "--rooms", "2", "--storm", "50@1", "--churn", "3", "--drill", "true");
    Scenario again = parse(s.toArgs().toArray(String[]::new));
    assertThat(again.disruption()).isEqualTo(s.disruption());
    assertThat(s.share(1, 2, s.sourceAddresses(), 1, Optional.empty()).disruption()).isEqualTo(s.disruption());
  }

  @Test
  void aStormThatIsNotPercentAtSecondsIsRefused() {
    assertThat(usage("--url", "ws://a/ws", "--storm", "50")).startsWith("2 ").contains("--storm 50 is not PERCENT@SECONDS");
    assertThat(usage("--url", "ws://a/ws", "--storm", "0@1")).startsWith("2 ").contains("above 0 up to 100");
    assertThat(usage("--url", "ws://a/ws", "--storm", "150@1")).startsWith("2 ").contains("above 0 up to 100");
    assertThat(usage("--url", "ws://a/ws", "--storm", "10@-1")).startsWith("2 ").contains("--storm 10@-1");
  }

  @Test
  void aStormAfterTheWindowIsRefused() {
    assertThat(usage("--url", "ws://a/ws", "--duration", "5", "--storm", "10@5"))
        .startsWith("2 ").contains("--storm must come within the measured window");
    assertThat(usage("--url", "ws://a/ws", "--stages", "10:30,50:2", "--storm", "10@3"))
        .startsWith("2 ").contains("not under --duration 2");
  }

  @Test
  void churnAndStormNeedReceiveOnlyMembers() {
    assertThat(usage("--url", "ws://a/ws", "--members", "0", "--churn", "1"))
        .startsWith("2 ").contains("--members must be at least 1");
    assertThat(usage("--url", "ws://a/ws", "--churn", "-1")).startsWith("2 ").contains("--churn must not be negative");
    assertThat(usage("--url", "ws://a/ws", "--churn", "1", "--churn-away", "-1"))
        .startsWith("2 ").contains("--churn-away must not be negative");
  }

  @Test
  void aDrillNeedsACommandAndAMomentInTheWindow() {
    assertThat(usage("--url", "ws://a/ws", "--drill", " ")).startsWith("2 ").contains("--drill needs a command");
    assertThat(usage("--url", "ws://a/ws", "--duration", "4", "--drill", "true", "--drill-at", "9"))
        .startsWith("2 ").contains("--drill-at must be from 0 to under --duration 4");
  }

  @Test
  void aMaxRateSearchIsNotDisrupted() {
    assertThat(usage("--url", "ws://a/ws", "--max-rate", "--storm", "10@1"))
        .startsWith("2 ").contains("--max-rate does not go with --storm");
  }
}
