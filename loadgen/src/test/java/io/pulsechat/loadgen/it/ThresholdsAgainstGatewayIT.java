package io.pulsechat.loadgen.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.pulsechat.loadgen.Main;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sender at 30 messages a second against a gateway that allows 20: the server refuses some
 * sends with rate_limited. Nothing is lost (a refused send is owed to nobody), and still the run
 * must fail and show the refusals, unless a threshold allows them.
 */
class ThresholdsAgainstGatewayIT {
  @TempDir
  static Path dir;
  private static RunningGateway gateway;

  @BeforeAll
  static void startGateway() throws Exception {
    // Refuse past 20 a second with hardly any burst, and never close the sender for it.
    gateway = RunningGateway.start(dir.resolve("data"), Map.of("CHAT_RATE_PER_SECOND", "20", "CHAT_RATE_BURST", "2",
        "CHAT_ABUSE_BURST", "100000", "CHAT_ABUSE_PER_SECOND", "100000"));
  }

  @AfterAll
  static void stopGateway() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
  }

  private record Outcome(int exit, String out, JsonObject json, String html) {
  }

  private static Outcome run(String name, String... extra) throws Exception {
    Path json = dir.resolve(name + ".json");
    Path html = dir.resolve(name + ".html");
    List<String> args = new ArrayList<>(List.of("--url", gateway.url(), "--rooms", "1", "--members", "4",
        "--senders", "1", "--rate", "30", "--duration", "2", "--warmup", "0.5", "--drain", "5", "--run-id", name,
        "--p99-bound-ms", "600000", "--report-json", json.toString(), "--report-html", html.toString()));
    args.addAll(List.of(extra));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = assertTimeoutPreemptively(Duration.ofSeconds(90), () -> Main.run(args.toArray(String[]::new),
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
    return new Outcome(exit, out.toString(StandardCharsets.UTF_8), new JsonObject(Files.readString(json)),
        Files.readString(html));
  }

  @Test
  void refusedSendsFailTheRunAndShowInEveryReport() throws Exception {
    Outcome o = run("refused");

    JsonObject summary = o.json().getJsonObject("summary");
    assertThat(summary.getLong("refused")).as(o.out()).isPositive();
    assertThat(summary.getLong("lost")).isZero();
    assertThat(summary.getJsonObject("errors").getLong("rate_limited")).isPositive();
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.out()).contains("rate_limited x", "sends refused", "verdict: FAIL");
    assertThat(o.html()).contains("rate_limited", "<th>refused</th>", "FAIL");
  }

  @Test
  void aSpikeStageAboveTheLimitFailsWhereTheStageBelowItPasses() throws Exception {
    Outcome o = run("spike", "--stages", "10:1.5,30:1.5");

    assertThat(o.exit()).isEqualTo(1);
    var steps = o.json().getJsonArray("steps");
    assertThat(steps).hasSize(2);
    assertThat(steps.getJsonObject(0).getDouble("ratePerSender")).isEqualTo(10.0);
    assertThat(steps.getJsonObject(0).getBoolean("pass")).as(o.out()).isTrue();
    assertThat(steps.getJsonObject(1).getLong("refused")).isPositive();
    assertThat(o.json().getJsonObject("verdict").getJsonArray("reasons").getString(0))
        .startsWith("stage 2 (30 msg/s): ").contains("rate_limited");
  }

  @Test
  void aThresholdAllowsTheRefusalsAndAnotherFailsByName() throws Exception {
    Outcome allowed = run("allowed", "--threshold", "errors.rate_limited<=1000", "--threshold", "loss==0");
    assertThat(allowed.exit()).as(allowed.out()).isZero();

    Outcome strict = run("strict", "--threshold", "errors.rate_limited<=1000", "--threshold", "p99<0.001ms");
    assertThat(strict.exit()).isEqualTo(1);
    assertThat(strict.out()).contains("threshold p99<0.001ms failed: p99 was");
    assertThat(strict.json().getJsonObject("verdict").getJsonArray("reasons")).hasSize(1);
  }
}
