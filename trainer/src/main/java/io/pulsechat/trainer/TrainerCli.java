package io.pulsechat.trainer;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar trainer.jar <train|eval|predict|publish|export-feedback> ...} */
@Command(name = "trainer", mixinStandardHelpOptions = true,
    description = "Train, evaluate, run and publish PulseChat sentiment models.",
    subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, PublishCommand.class,
        ExportFeedbackCommand.class})
public final class TrainerCli {
  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return new CommandLine(new TrainerCli()).execute(args);
  }
}
