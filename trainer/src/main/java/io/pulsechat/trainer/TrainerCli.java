package io.pulsechat.trainer;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar trainer.jar <train|eval|predict|publish|export-feedback> ...} */
@Command(name = "trainer", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Train, evaluate, run and publish PulseChat sentiment models.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:a failure outside your control (network, AWS, a bug)",
        "2:a usage error: a bad option, or a file that is missing, unreadable or not a model"},
    subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, PublishCommand.class,
        ExportFeedbackCommand.class, TrainAccurateCommand.class})
public final class TrainerCli {
  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    DefaultPaths.install();
    return new CommandLine(new TrainerCli())
        .setExecutionExceptionHandler(new ErrorHandler())
        .execute(args);
  }
}
