package io.pulsechat.loadgen.run;

import io.pulsechat.loadgen.stats.StepResult;
import io.pulsechat.loadgen.stats.Verdict;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A failure drill's command ({@code sh -c}), run once at a given moment of a step on its own
 * thread, so the run goes on measuring while it works; its output goes to the progress stream.
 * The step fails when the command could not run or exited with an error.
 */
public final class Drill {
  private final String command;
  private final PrintStream err;
  private final Thread thread;
  private volatile String failure;
  private volatile Integer exit;

  private Drill(String command, long delayMillis, PrintStream err) {
    this.command = command;
    this.err = err;
    this.thread = new Thread(() -> run(delayMillis), "loadgen-drill");
    thread.setDaemon(true);
  }

  /** Starts the wait for the moment, then the command. */
  public static Drill schedule(String command, long delayMillis, PrintStream err) {
    Drill d = new Drill(command, delayMillis, err);
    d.thread.start();
    return d;
  }

  private void run(long delayMillis) {
    try {
      if (delayMillis > 0) {
        Thread.sleep(delayMillis);
      }
      err.println("drill: running " + command);
      Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          err.println("drill: " + line);
        }
      }
      exit = p.waitFor();
      err.println("drill: exit " + exit);
    } catch (IOException e) {
      failure = "the drill command could not run: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The step judged again with the drill's outcome: a failed command fails it; one still running does not. */
  public StepResult judge(StepResult step) {
    List<String> reasons = new ArrayList<>(step.verdict().reasons());
    List<Verdict.Check> checks = new ArrayList<>(step.verdict().checks());
    Integer code = exit;
    String why = failure != null ? failure
        : code != null && code != 0 ? "the drill command exited " + code : null;
    checks.add(new Verdict.Check("drill exit==0", "default",
        failure != null ? "not run" : code == null ? "still running" : code.toString(), why == null));
    if (why != null) {
      reasons.add(why);
    }
    return step.withVerdict(Verdict.of(reasons, checks));
  }
}
