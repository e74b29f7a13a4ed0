package io.pulsechat.loadgen;

import io.pulsechat.loadgen.distributed.Coordinator;
import io.pulsechat.loadgen.pool.ClientPool;
import io.pulsechat.loadgen.report.RunReport;
import io.pulsechat.loadgen.scenario.Scenario;
import io.pulsechat.loadgen.series.Interval;
import io.pulsechat.loadgen.series.JsonLines;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code loadgen coordinator}: the same scenario options, run by {@code --agents} agent processes
 * instead of this one; one merged report.
 */
@Command(name = "coordinator", customSynopsis = {
    "loadgen coordinator --agents N [--listen HOST:PORT] [--agent-wait SECONDS] --scenario FILE|--url URL"
        + " [OPTION]...", ""}, description = {
    "Runs the scenario on --agents `loadgen agent` processes (this machine or others) and writes one merged report:"
        + " each agent takes every n-th room, all start connecting and every step at one moment, and their counters"
        + " and HdrHistograms are merged, never averaged. Thresholds judge the merge."})
public final class CoordinatorCommand extends LoadgenCommand {
  @Option(names = "--agents", required = true, paramLabel = "N", description = "Agents to wait for (coordinator only).")
  int agents;

  @Option(names = "--listen", defaultValue = "127.0.0.1:0", paramLabel = "HOST:PORT",
      description = "Where agents connect (coordinator only; default: ${DEFAULT-VALUE}, a free port on loopback).")
  String listen;

  @Option(names = "--agent-wait", defaultValue = "120", paramLabel = "SECONDS",
      description = "How long to wait for every agent to arrive (coordinator only; default: ${DEFAULT-VALUE}).")
  double agentWait;

  @Override
  RunReport produce(Scenario s) throws IOException {
    if (agents < 1 || agents > s.rooms()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--agents must be from 1 to --rooms (each agent takes whole rooms)");
    }
    if (s.pushgateway().isPresent()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--pushgateway is for a single generator; the coordinator writes the merged series when the run ends");
    }
    InetSocketAddress address = AgentCommand.address(spec, listen, "--listen");
    Instant started = Instant.now();
    try (ServerSocket server = new ServerSocket(address.getPort(), 50, InetAddress.getByName(address.getHostString()));
         Coordinator coordinator = new Coordinator(s, server, agents, err)) {
      err.println("loadgen coordinator: listening on " + server.getInetAddress().getHostAddress() + ":"
          + server.getLocalPort() + ", waiting for " + agents + " agents");
      err.flush();
      ClientPool.Connections connections = coordinator.connect(agentWait);
      RunReport report = measure(s, started, connections, coordinator, coordinator::series);
      if (s.seriesJson().isPresent()) {
        try (JsonLines lines = new JsonLines(s.seriesJson().get())) {
          List<Interval> series = report.series();
          series.forEach(lines);
        }
      }
      return report;
    }
  }
}
