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
  private static int usageError(CommandLine.ParameterException e, String[] args, ScenarioFile scenario) {
    PrintWriter err = e.getCommandLine().getErr();
    err.println("loadgen: " + whence(e.getMessage().replace(System.lineSeparator(), "; "), args, scenario));
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try 'loadgen --help' for the options.");
    return CommandLine.ExitCode.USAGE;
  }

  private static final java.util.regex.Pattern OPTION = java.util.regex.Pattern.compile("--([a-z0-9-]+)");

  /**
   * Each complaint about a value the scenario file gave (not a flag) names where in the file it
   * is, so a user can tell the file from the command line: {@code --rooms 0 ... (scenario file
   * chat.json, line 3, key "rooms")}.
   */
  static String whence(String message, String[] args, ScenarioFile scenario) {
    if (scenario == null) {
      return message;
    }
    List<String> parts = new java.util.ArrayList<>();
    for (String part : message.split("; ")) {
      java.util.regex.Matcher m = OPTION.matcher(part);
      String flag = m.find() ? m.group() : null;
      boolean onCommandLine = flag != null && java.util.Arrays.stream(args)
          .anyMatch(a -> a.equals(flag) || a.startsWith(flag + "="));
      parts.add(flag == null || onCommandLine ? part
          : scenario.where(m.group(1)).map(w -> part + " (" + w + ")").orElse(part));
    }
    return String.join("; ", parts);
  }

  /**
   * The command line for {@code args}, with the scenario file named in them (if any) as the
   * options' defaults.
   *
   * @throws IllegalArgumentException when the scenario file cannot be read or has unknown keys
   */
  static CommandLine commandLine(LoadgenCommand command, String[] args) {
    ScenarioFile[] scenario = {null};
    CommandLine cli = new CommandLine(command)
        .addSubcommand(new CommandLine(new CoordinatorCommand().streams(command.out, command.err)))
        .addSubcommand(new CommandLine(new AgentCommand().streams(command.err)))
        .setExecutionExceptionHandler((e, line, parsed) -> {
          line.getErr().println("loadgen: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
          return 1;
        })
        .setParameterExceptionHandler((e, a) -> usageError(e, a, scenario[0]));
    String file = scenarioFileArgument(args);
    if (file != null) {
      scenario[0] = ScenarioFile.read(Path.of(file));
      // The coordinator's options are the single run's and a few more; a scenario file may hold any of them.
      List<String> unknown = scenario[0].unknownKeys(cli.getSubcommands().get("coordinator").getCommandSpec(),
          Set.of("scenario", "help", "version"));
      if (!unknown.isEmpty()) {
        throw new IllegalArgumentException("scenario file " + file + " has unknown keys: " + String.join("; ", unknown));
      }
      cli.setDefaultValueProvider(scenario[0]);
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
