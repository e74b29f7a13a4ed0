package io.pulsechat.loadgen;

import io.pulsechat.loadgen.pool.ClientPool;
import io.pulsechat.loadgen.pool.TokenMinter;
import io.pulsechat.loadgen.report.Format;
import io.pulsechat.loadgen.report.HtmlReport;
import io.pulsechat.loadgen.report.JsonReport;
import io.pulsechat.loadgen.report.RunReport;
import io.pulsechat.loadgen.report.TextReport;
import io.pulsechat.loadgen.run.LoadRun;
import io.pulsechat.loadgen.scenario.Disruption;
import io.pulsechat.loadgen.scenario.RoomShape;
import io.pulsechat.loadgen.scenario.Scenario;
import io.pulsechat.loadgen.search.MaxRateSearch;
import io.pulsechat.loadgen.search.StepRunner;
import io.pulsechat.loadgen.series.Interval;
import io.pulsechat.loadgen.series.JsonLines;
import io.pulsechat.loadgen.series.OpenMetrics;
import io.pulsechat.loadgen.series.Pushgateway;
import io.pulsechat.loadgen.series.SeriesRecorder;
import io.pulsechat.loadgen.stats.ProcUsage;
import io.pulsechat.loadgen.stats.StepResult;
import io.pulsechat.loadgen.stats.Threshold;
import io.pulsechat.loadgen.stats.Verdict;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The command line: flags (or a scenario file) to a {@link Scenario}, a run, its reports and the exit code. */
@Command(name = "loadgen", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false, usageHelpWidth = 110,
    customSynopsis = {
        "loadgen --url ws://HOST:PORT/ws [OPTION]...",
        "       loadgen --scenario FILE [OPTION]...        (flags override the file)",
        "       loadgen coordinator --agents N [OPTION]... | loadgen agent --coordinator HOST:PORT",
        ""},
    description = {
        "Fan-out load generator for PulseChat (PROTOCOL.md). Every room gets --members receive-only members and"
            + " --senders members that also send --rate messages a second each, on an open-loop schedule.",
        "Each clientMsgId is <run-id>.<sender>.<seq>.<send time>, the send time being the scheduled time in"
            + " microseconds of the JVM's monotonic clock (System.nanoTime, CLOCK_MONOTONIC on Linux, shared by"
            + " all processes on one machine); every member measures end-to-end latency from it.",
        "Deliveries of messages sent in the window (after --warmup, for --duration) are measured; a delivery"
            + " still missing --drain seconds after the window is lost.",
        "A run fails on any failed connect or join, loss, duplicate, reordering or error frame (a refused send"
            + " among them), or p99 at or over --p99-bound-ms, unless a --threshold on that measure says otherwise.",
        "Exit code: 0 pass (or a max rate was found), 1 fail (naming each failed check), 2 bad usage."},
    footer = {"", "A scenario file (--scenario, .json or .properties) holds the same options keyed by their long"
        + " names without dashes (rooms=2, url=ws://a/ws,ws://b/ws); flags override it.",
        "",
        "Examples:",
        "  loadgen --url ws://127.0.0.1:8080/ws --rooms 4 --members 250 --rate 20 --duration 30",
        "  loadgen --url ws://127.0.0.1:8080/ws --room-shapes 2x1000+1,200x10+1 --rate 5 \\",
        "          --threshold 'shape[2x1000+1].p99<250ms' --threshold 'shape[200x10+1].p99<100ms'",
        "  loadgen --scenario chat.json --stages 20:30,100:5,20:30 --report-html chat.html",
        "README.md, \"Load testing\", has a worked example of each kind of run and how to read the report."})
public class LoadgenCommand implements Callable<Integer> {
  static final String SCENARIO = "--scenario";

  @Spec
  CommandSpec spec;

  @Option(names = SCENARIO, paramLabel = "FILE", description = "Scenario file (.json or .properties) whose keys are these options' names.")
  Path scenarioFile;

  @Option(names = "--url", split = ",", paramLabel = "URL",
      description = "Target ws:// or wss:// URL, repeatable or comma-separated; connections go round-robin over them.")
  List<String> urls = new ArrayList<>();

  @Option(names = "--rooms", defaultValue = "1", paramLabel = "N", description = "Rooms (default: ${DEFAULT-VALUE}).")
  int rooms;

  @Option(names = "--members", defaultValue = "100", paramLabel = "N", description = "Receive-only members per room (default: ${DEFAULT-VALUE}).")
  int members;

  @Option(names = "--senders", defaultValue = "1", paramLabel = "N", description = "Members per room that also send (default: ${DEFAULT-VALUE}).")
  int senders;

  @Option(names = "--room-shapes", split = ",", paramLabel = "COUNTxMEMBERS+SENDERS",
      description = "Rooms of several shapes in one run, in place of --rooms, --members and --senders: 2x1000+1,50x10+1"
          + " is 2 rooms of 1,000 receive-only members and 1 sender, then 50 rooms of 10 and 1.")
  List<String> roomShapes = new ArrayList<>();

  @Option(names = "--rate", defaultValue = "10", paramLabel = "PER_SECOND", description = "Messages a second per sender (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--size", defaultValue = "200", paramLabel = "BYTES", description = "Text bytes per message, 1-2000 (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--duration", defaultValue = "10", paramLabel = "SECONDS", description = "Measured window (default: ${DEFAULT-VALUE}).")
  double duration;

  @Option(names = "--warmup", defaultValue = "2", paramLabel = "SECONDS", description = "Sending before the window, not measured (default: ${DEFAULT-VALUE}).")
  double warmup;

  @Option(names = "--ramp", defaultValue = "1000", paramLabel = "PER_SECOND", description = "New connections a second (default: ${DEFAULT-VALUE}).")
  double ramp;

  @Option(names = "--source-addresses", defaultValue = "", paramLabel = "LIST|N",
      description = "Local addresses to connect from, one client each (a.b.c.d,...), or N for 127.0.0.1..127.0.0.N:"
          + " about 28,000 connections per address and target fit in the ephemeral port range.")
  String sourceAddresses;

  @Option(names = "--drain", defaultValue = "5", paramLabel = "SECONDS", description = "Wait after the window for outstanding deliveries (default: ${DEFAULT-VALUE}).")
  double drain;

  @Option(names = "--room-prefix", paramLabel = "PREFIX", description = "Room names are PREFIX0, PREFIX1, ... (default: lg-<run-id>-).")
  String roomPrefix;

  @Option(names = "--run-id", paramLabel = "ID", description = "Names this run's users and ids, 1-12 of [A-Za-z0-9_-] (default: random).")
  String runId;

  @Option(names = "--report-json", paramLabel = "FILE", description = "Write the JSON report here.")
  Path reportJson;

  @Option(names = "--report-html", paramLabel = "FILE", description = "Write the HTML report (latency plot inline) here.")
  Path reportHtml;

  @Option(names = "--stages", split = ",", paramLabel = "RATE:SECONDS",
      description = "Message-rate stages run one after another over the same connections, each a measured step of its"
          + " own (warm-up, window, drain): 20:30,100:5,20:30 holds 20 msg/s per sender, spikes to 100 for 5 s, holds again.")
  List<String> stages = new ArrayList<>();

  @Option(names = "--storm", paramLabel = "PERCENT@SECONDS",
      description = "Reconnect storm: drop PERCENT%% of the receive-only members at once, SECONDS into each window; they"
          + " reconnect at once, rejoin and fetch what they missed with history after.")
  String storm;

  @Option(names = "--churn", defaultValue = "0", paramLabel = "PER_SECOND",
      description = "Receive-only members leaving a second over each window, each joining again after --churn-away (default: off).")
  double churn;

  @Option(names = "--churn-away", defaultValue = "1", paramLabel = "SECONDS",
      description = "How long a churning member stays out of its room (default: ${DEFAULT-VALUE}).")
  double churnAway;

  @Option(names = "--drill", paramLabel = "COMMAND",
      description = "Failure drill: run this shell command (sh -c) --drill-at seconds into each window; members the server"
          + " closes reconnect to the next --url, rejoin and fetch what they missed with history after.")
  String drill;

  @Option(names = "--drill-at", defaultValue = "2", paramLabel = "SECONDS",
      description = "When the drill command runs, in seconds into the window (default: ${DEFAULT-VALUE}).")
  double drillAt;

  @Option(names = "--add-members", defaultValue = "0", paramLabel = "N",
      description = "Connect ramp mid-run: N more receive-only members connect and join (round the rooms) during the"
          + " first step, at --add-members-rate, --add-members-at seconds into its window, while messages flow;"
          + " measured as the connect phase is (default: none).")
  int addMembers;

  @Option(names = "--add-members-rate", defaultValue = "100", paramLabel = "PER_SECOND",
      description = "Connections a second of --add-members (default: ${DEFAULT-VALUE}).")
  double addMembersRate;

  @Option(names = "--add-members-at", defaultValue = "0", paramLabel = "SECONDS",
      description = "When --add-members start, in seconds into the first step's window (default: ${DEFAULT-VALUE}).")
  double addMembersAt;

  @Option(names = "--disrupt-senders",
      description = "Storms and churn take senders too, not only receive-only members; sends due while a sender is"
          + " away are not made (counted as send_failures).")
  boolean disruptSenders;

  @Option(names = "--series-json", paramLabel = "FILE", description = "Write one JSON line a second (rates, percentiles, HdrHistogram) here.")
  Path seriesJson;

  @Option(names = "--openmetrics", paramLabel = "FILE", description = "Write the per-second series here as OpenMetrics text (promtool tsdb create-blocks-from openmetrics).")
  Path openMetrics;

  @Option(names = "--pushgateway", paramLabel = "URL", description = "Push each second's measures to this Prometheus Pushgateway.")
  String pushgateway;

  @Option(names = "--p99-bound-ms", defaultValue = "100", paramLabel = "MS", description = "A run passes with no loss and p99 under this (default: ${DEFAULT-VALUE}).")
  double p99BoundMs;

  @Option(names = "--threshold", split = ",", paramLabel = "EXPR",
      description = "Pass/fail criterion, repeatable: p99<100ms, p999<500ms, ack.p99<50ms, loss==0, loss.rate<0.1%%,"
          + " errors.rate_limited<=5, connect_failures==0. It replaces the default check of the same measure."
          + " With --room-shapes, shape[2x1000+1].p99<100ms judges the rooms of one shape only (p50 ... p999, max,"
          + " mean, loss, loss.rate, received, deliveries_per_second).")
  List<String> thresholds = new ArrayList<>();

  @Option(names = "--server-pid", paramLabel = "PID", description = "Sample this local process's CPU and RSS from /proc during the window.")
  Long serverPid;

  @Option(names = "--token-secret", paramLabel = "SECRET",
      description = "Mint an HS256 token per simulated user with the gateway's AUTH_JWT_SECRET (AUTH_MODE=token).")
  String tokenSecret;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "As --token-secret, the secret read from the first line of FILE (kept out of ps and shell history).")
  Path tokenFile;

  @Option(names = "--insecure", description = "Trust any TLS certificate and host name (self-signed test servers only).")
  boolean insecure;

  @Option(names = "--max-rate", description = "Search the highest passing --rate: double, then bisect, over one set of connections.")
  boolean maxRate;

  @Option(names = "--max-rate-start", defaultValue = "10", paramLabel = "PER_SECOND", description = "First rate of the search (default: ${DEFAULT-VALUE}).")
  double maxRateStart;

  @Option(names = "--max-rate-steps", defaultValue = "8", paramLabel = "N", description = "Most steps of the search (default: ${DEFAULT-VALUE}).")
  int maxRateSteps;

  @Option(names = "--event-loops", paramLabel = "N", description = "Event loops receiving (default: available cores).")
  Integer eventLoops;

  @Option(names = "--connect-timeout", defaultValue = "10", paramLabel = "SECONDS", description = "Limit for a connect, and again for its join (default: ${DEFAULT-VALUE}).")
  double connectTimeout;

  PrintStream out = System.out;
  PrintStream err = System.err;

  LoadgenCommand streams(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
    return this;
  }

  /** The options as a validated scenario; bad values fail as usage errors (exit code 2). */
  Scenario scenario() {
    List<String> problems = new ArrayList<>();
    List<URI> targets = new ArrayList<>();
    for (String u : urls) {
      try {
        targets.add(new URI(u.trim()));
      } catch (URISyntaxException e) {
        problems.add("--url " + u + " is not a URL: " + e.getMessage());
      }
    }
    List<String> sources = List.of();
    try {
      sources = Scenario.sourceAddresses(sourceAddresses);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    List<Threshold> criteria = new ArrayList<>();
    for (String t : thresholds) {
      try {
        criteria.add(Threshold.parse(t));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    Optional<URI> push = Optional.empty();
    if (pushgateway != null) {
      try {
        push = Optional.of(new URI(pushgateway.trim()));
      } catch (URISyntaxException e) {
        problems.add("--pushgateway " + pushgateway + " is not a URL: " + e.getMessage());
      }
    }
    List<Scenario.Stage> staged = new ArrayList<>();
    for (String st : stages) {
      try {
        staged.add(Scenario.Stage.parse(st));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    List<RoomShape> shapes = new ArrayList<>();
    for (String shape : roomShapes) {
      try {
        shapes.add(RoomShape.parse(shape));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    double[] stormSpec = {0, 0};
    if (storm != null && !storm.isBlank()) {
      try {
        stormSpec = Disruption.parseStorm(storm);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    Disruption disruption = new Disruption(stormSpec[0], stormSpec[1], churn, churnAway, Optional.ofNullable(drill),
        drillAt, addMembers, addMembersRate, addMembersAt, disruptSenders);
    String id = runId != null ? runId : randomId();
    Scenario s = new Scenario(targets, rooms, members, senders, rate, size, duration, warmup, ramp, sources, drain,
        roomPrefix != null ? roomPrefix : "lg-" + id + "-", id, Optional.ofNullable(reportJson),
        Optional.ofNullable(reportHtml), p99BoundMs, Optional.ofNullable(serverPid), insecure, maxRate, maxRateStart,
        maxRateSteps, eventLoops != null ? eventLoops : Runtime.getRuntime().availableProcessors(), connectTimeout,
        criteria, Optional.ofNullable(seriesJson), Optional.ofNullable(openMetrics), push, staged, disruption, shapes);
    problems.addAll(s.problems());
    if (!problems.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), String.join("; ", problems));
    }
    return s;
  }

  /** The run's token minter, or null without --token-secret or --token-file. */
  TokenMinter tokens(Scenario s) throws IOException {
    String secret = tokenSecret;
    if (tokenFile != null) {
      if (secret != null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "give --token-secret or --token-file, not both");
      }
      secret = Files.readAllLines(tokenFile).stream().findFirst().orElse("").trim();
    }
    if (secret == null) {
      return null;
    }
    if (secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
      throw new CommandLine.ParameterException(spec.commandLine(), "the token secret must be at least 32 bytes,"
          + " as the gateway's AUTH_JWT_SECRET");
    }
    // Valid past the whole run, searches and stages included, so no connection meets its exp.
    return TokenMinter.hs256(secret, Duration.ofHours(24));
  }

  private static String randomId() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    SecureRandom random = new SecureRandom();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  @Override
  public Integer call() throws IOException {
    Scenario s = scenario();
    return report(s, produce(s));
  }

  /** Runs the scenario from this process. */
  RunReport produce(Scenario s) throws IOException {
    Instant started = Instant.now();
    RunReport report;
    SeriesRecorder series = new SeriesRecorder(s.serverPid().map(ProcUsage::new).orElse(null));
    try (ClientPool pool = ClientPool.create(s, tokens(s)); Sinks sinks = new Sinks(s, series, err)) {
      LoadRun run = new LoadRun(s, pool, err, series);
      ClientPool.Connections connections = run.connect();
      report = measure(s, started, connections, run, series::intervals);
    }
    return report;
  }

  /** Writes the report files and the table; the exit code. */
  int report(Scenario s, RunReport report) throws IOException {
    write(s.openMetrics(), OpenMetrics.series(report.series(), s.runId()));
    write(s.reportJson(), JsonReport.render(report).encodePrettily());
    write(s.reportHtml(), HtmlReport.render(report));
    out.print(TextReport.render(report));
    out.flush();
    return report.verdict().pass() ? 0 : 1;
  }

  /** The steps of the run over open connections, from this process or from agents. */
  static RunReport measure(Scenario s, Instant started, ClientPool.Connections connections, StepRunner run,
                           Supplier<List<Interval>> series) {
    if (connections.joined() == 0) {
      return new RunReport(s, started, connections, List.of(), Optional.empty(),
          Verdict.of(List.of("no connection joined its room (" + connections.connectFailures()
              + " connect failures, " + connections.joinFailures() + " join failures)")), series.get());
    }
    if (!s.stages().isEmpty()) {
      List<StepResult> steps = new ArrayList<>();
      List<String> reasons = new ArrayList<>();
      for (Scenario.Stage stage : s.stages()) {
        StepResult step = run.run(stage.rate(), stage.seconds());
        steps.add(step);
        step.verdict().reasons().forEach(r -> reasons.add("stage " + step.step().index() + " ("
            + Format.number(stage.rate()) + " msg/s): " + r));
      }
      return new RunReport(s, started, connections, steps, Optional.empty(), Verdict.of(reasons), series.get());
    }
    if (!s.maxRate()) {
      StepResult step = run.run(s.rate());
      return new RunReport(s, started, connections, List.of(step), Optional.empty(), step.verdict(), series.get());
    }
    MaxRateSearch.Outcome outcome = new MaxRateSearch(run, s.maxRateStart(), s.maxRateSteps()).run();
    Verdict verdict = outcome.maxRate().isPresent() ? Verdict.of(List.of())
        : Verdict.of(List.of("no rate passed, down to " + outcome.steps().get(outcome.steps().size() - 1)
            .step().ratePerSender() + " msg/s per sender"));
    return new RunReport(s, started, connections, outcome.steps(), outcome.maxRate(), verdict, series.get());
  }

  /** The live outputs of the time series, closed when the run ends. */
  private static final class Sinks implements AutoCloseable {
    private JsonLines lines;
    private Pushgateway push;

    Sinks(Scenario s, SeriesRecorder series, PrintStream err) throws IOException {
      if (s.seriesJson().isPresent()) {
        lines = new JsonLines(s.seriesJson().get());
        series.sink(lines);
      }
      if (s.pushgateway().isPresent()) {
        push = new Pushgateway(s.pushgateway().get(), s.runId(), err);
        series.sink(push);
      }
    }

    @Override
    public void close() throws IOException {
      if (push != null) {
        push.close();
      }
      if (lines != null) {
        lines.close();
      }
    }
  }

  static void write(Optional<Path> file, String content) throws IOException {
    if (file.isEmpty()) {
      return;
    }
    Path parent = file.get().toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file.get(), content);
  }
}
