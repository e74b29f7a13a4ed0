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
    // Each of two agents churns half the rate, so the run churns the rate asked.
    Disruption share = s.share(1, 2, s.sourceAddresses(), 1, Optional.empty()).disruption();
    assertThat(share.churnPerSecond()).isEqualTo(1.5);
    assertThat(share.withoutDrill()).isEqualTo(new Disruption(50, 1, 1.5, 1, Optional.empty(), 2, 0, 50, 0, false));
    assertThat(share.drillCommand()).contains("true");
  }

  @Test
  void membersAddedMidRunAreSharedAmongAgentsAndValidated() {
    Scenario s = parse("--url", "ws://a/ws", "--rooms", "3", "--add-members", "1000", "--add-members-rate", "300",
        "--add-members-at", "2", "--disrupt-senders", "--storm", "10@1");
    Disruption d = s.disruption();
    assertThat(d.adds()).isTrue();
    assertThat(d.changesMembership()).isTrue();
    assertThat(d.senders()).isTrue();
    assertThat(s.allConnections()).isEqualTo(s.connections() + 1000);
    assertThat(parse(s.toArgs().toArray(String[]::new)).disruption()).isEqualTo(d);
    // 1000 over 3 agents: 334, 333, 333, each at a third of the rate.
    assertThat(d.share(0, 3).addMembers()).isEqualTo(334);
    assertThat(d.share(2, 3).addMembers()).isEqualTo(333);
    assertThat(d.share(2, 3).addPerSecond()).isEqualTo(100);
    assertThat(parse("--url", "ws://a/ws", "--add-members", "5").disruption().any()).isFalse();

    assertThat(usage("--url", "ws://a/ws", "--add-members", "5", "--add-members-rate", "0"))
        .startsWith("2 ").contains("--add-members-rate must be above 0");
    assertThat(usage("--url", "ws://a/ws", "--duration", "4", "--add-members", "5", "--add-members-at", "4"))
        .startsWith("2 ").contains("--add-members-at must be from 0 to under --duration 4");
    assertThat(usage("--url", "ws://a/ws", "--add-members", "5", "--max-rate"))
        .startsWith("2 ").contains("--max-rate does not go with");
    // With --disrupt-senders a room of senders only may storm.
    assertThat(parse("--url", "ws://a/ws", "--members", "0", "--senders", "2", "--storm", "50@1",
        "--disrupt-senders").disruption().storm()).isTrue();
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
