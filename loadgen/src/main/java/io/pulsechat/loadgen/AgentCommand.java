package io.pulsechat.loadgen;

import io.pulsechat.loadgen.distributed.Agent;
import io.pulsechat.loadgen.scenario.Scenario;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code loadgen agent}: one generator of a coordinated run; the scenario comes from the coordinator. */
@Command(name = "agent", mixinStandardHelpOptions = true, versionProvider = Version.class, description = {
    "Takes a share of a scenario from `loadgen coordinator`, runs it when told, and streams its intervals and"
        + " results back. Exit code: 0 when the coordinator ended the run, 1 when it failed."})
final class AgentCommand implements Callable<Integer> {
  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--coordinator", required = true, paramLabel = "HOST:PORT", description = "Where the coordinator listens.")
  String coordinator;

  @Option(names = "--name", paramLabel = "NAME", description = "Names this agent in the coordinator's log (default: pid@host).")
  String name;

  @Option(names = "--source-addresses", defaultValue = "", paramLabel = "LIST|N",
      description = "Local addresses this agent connects from (as for a single run); default: the scenario's.")
  String sourceAddresses;

  @Option(names = "--event-loops", paramLabel = "N", description = "Event loops of this agent (default: the scenario's).")
  Integer eventLoops;

  @Option(names = "--server-pid", paramLabel = "PID", description = "Sample this process on this agent's machine.")
  Long serverPid;

  @Option(names = "--coordinator-wait", defaultValue = "60", paramLabel = "SECONDS",
      description = "How long to keep trying to reach the coordinator (default: ${DEFAULT-VALUE}).")
  double coordinatorWait;

  private PrintStream err = System.err;

  AgentCommand streams(PrintStream err) {
    this.err = err;
    return this;
  }

  @Override
  public Integer call() throws Exception {
    List<String> sources;
    try {
      sources = Scenario.sourceAddresses(sourceAddresses);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    InetSocketAddress target = address(spec, coordinator, "--coordinator");
    String me = name != null ? name : ProcessHandle.current().pid() + "@" + java.net.InetAddress.getLocalHost().getHostName();
    Agent agent = new Agent(target, new Agent.Local(me, sources, eventLoops, Optional.ofNullable(serverPid),
        coordinatorWait), err,
        AgentCommand::scenario);
    return agent.run();
  }

  /** The coordinator's options read as a single run would read them. */
  static Scenario scenario(List<String> args) {
    LoadgenCommand command = new LoadgenCommand();
    new CommandLine(command).parseArgs(args.toArray(String[]::new));
    return command.scenario();
  }

  /** {@code HOST:PORT} (an IPv6 host in brackets), unresolved; a bad one is a usage error of {@code spec}. */
  static InetSocketAddress address(CommandLine.Model.CommandSpec spec, String hostPort, String option) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + " " + hostPort + " is not HOST:PORT");
    }
    try {
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      String host = hostPort.substring(0, colon).replaceAll("^\\[|]$", "");
      return InetSocketAddress.createUnresolved(host.isEmpty() ? "0.0.0.0" : host, port);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + " " + hostPort + " is not HOST:PORT");
    }
  }
}
