package io.pulsechat.loadgen.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time and resident memory of a process from {@code /proc} (Linux), as {@code ps} would
 * read them. Nothing here runs on an event loop: the coordinator samples once a second.
 */
public final class ProcUsage {
  /** USER_HZ: clock ticks per second of {@code /proc/PID/stat}; 100 on every Linux we run on. */
  private static final double TICKS_PER_SECOND = 100.0;

  private final long pid;
  private double cpuAtStart = Double.NaN;
  private long rssAtStart = -1;
  private long rssMax = -1;

  public ProcUsage(long pid) {
    this.pid = pid;
  }

  public static ProcUsage self() {
    return new ProcUsage(ProcessHandle.current().pid());
  }

  public long pid() {
    return pid;
  }

  /** Marks the start of a window. */
  public void start() {
    cpuAtStart = cpuSeconds();
    rssAtStart = rssKiB();
    rssMax = rssAtStart;
  }

  /** Called once a second during the window, for the peak of the resident set. */
  public void sample() {
    rssMax = Math.max(rssMax, rssKiB());
  }

  /** The window from {@link #start()} to now; values are -1 (or NaN) when {@code /proc} cannot be read. */
  public Window end(double seconds) {
    long rssEnd = rssKiB();
    rssMax = Math.max(rssMax, rssEnd);
    double cpu = cpuSeconds() - cpuAtStart;
    return new Window(pid, cpu, seconds > 0 ? 100.0 * cpu / seconds : Double.NaN, rssAtStart, rssMax, rssEnd);
  }

  /**
   * @param cpuPercent CPU seconds over wall seconds, times 100 (200 is two cores busy)
   */
  public record Window(long pid, double cpuSeconds, double cpuPercent, long rssStartKiB, long rssMaxKiB,
                       long rssEndKiB) {
  }

  public double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name (field 2) may hold spaces and parentheses; fields after it are plain.
      List<String> fields = List.of(stat.substring(stat.lastIndexOf(')') + 2).trim().split(" "));
      return (Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12))) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  public long rssKiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process is gone or this is not Linux
    }
    return -1;
  }
}
