package io.pulsechat.loadgen;

import io.pulsechat.loadgen.scenario.ScenarioFile;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/** Entry point of {@code loadgen.jar}. */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Parses, runs and reports; returns the exit code (0 pass, 1 fail, 2 bad usage). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    LoadgenCommand command = new LoadgenCommand().streams(out, err);
    CommandLine cli;
    try {
      cli = commandLine(command, args);
    } catch (IllegalArgumentException e) {
      err.println("loadgen: " + e.getMessage());
      err.println("Try 'loadgen --help' for the options.");
      return CommandLine.ExitCode.USAGE;
    }
    return cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
  }

  /** A usage error is one line and a hint, not the whole help that buries it. */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    err.println("loadgen: " + e.getMessage().replace(System.lineSeparator(), "; "));
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try 'loadgen --help' for the options.");
    return CommandLine.ExitCode.USAGE;
  }

  /**
   * The command line for {@code args}, with the scenario file named in them (if any) as the
   * options' defaults.
   *
   * @throws IllegalArgumentException when the scenario file cannot be read or has unknown keys
   */
  static CommandLine commandLine(LoadgenCommand command, String[] args) {
    CommandLine cli = new CommandLine(command)
        .addSubcommand(new CommandLine(new CoordinatorCommand().streams(command.out, command.err)))
        .addSubcommand(new CommandLine(new AgentCommand().streams(command.err)))
        .setExecutionExceptionHandler((e, line, parsed) -> {
          line.getErr().println("loadgen: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
          return 1;
        })
        .setParameterExceptionHandler(Main::usageError);
    String file = scenarioFileArgument(args);
    if (file != null) {
      ScenarioFile scenario = ScenarioFile.read(Path.of(file));
      // The coordinator's options are the single run's and a few more; a scenario file may hold any of them.
      List<String> unknown = scenario.unknownKeys(cli.getSubcommands().get("coordinator").getCommandSpec(),
          Set.of("scenario", "help", "version"));
      if (!unknown.isEmpty()) {
        throw new IllegalArgumentException("scenario file " + file + " has unknown keys: " + String.join(", ", unknown));
      }
      cli.setDefaultValueProvider(scenario);
    }
    return cli;
  }

  /** The scenario file must be known before parsing, since it supplies the other options' defaults. */
  static String scenarioFileArgument(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals(LoadgenCommand.SCENARIO) && i + 1 < args.length) {
        return args[i + 1];
      }
      if (args[i].startsWith(LoadgenCommand.SCENARIO + "=")) {
        return args[i].substring(LoadgenCommand.SCENARIO.length() + 1);
      }
    }
    return null;
  }
}
