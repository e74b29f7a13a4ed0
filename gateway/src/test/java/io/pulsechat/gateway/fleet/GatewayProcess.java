package io.pulsechat.gateway.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One gateway as an operating-system process: {@code java -jar gateway.jar} with its settings in
 * the environment, its own data folder, and stdout and stderr in a log file that outlives it.
 */
public final class GatewayProcess {
  /** Settings the test JVM may have inherited that would change what a node talks to. */
  private static final List<String> INHERITED_PREFIXES = List.of("CHAT_", "CLUSTER_", "AWS_");
  private static final List<String> INHERITED_KEYS = List.of("HOST", "PORT", "DATA_DIR", "STORE", "DYNAMODB_ENDPOINT",
      "MANAGEMENT_HOST", "MANAGEMENT_PORT");
  /**
   * Small heaps and C1 only: four gateways and the test share two cores, and start time
   * matters more here than peak throughput.
   */
  private static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1");

  private static final int MAX_LINE = 400;

  private final String name;
  private final int port;
  private final Path log;
  private final Process process;

  private GatewayProcess(String name, int port, Path log, Process process) {
    this.name = name;
    this.port = port;
    this.log = log;
    this.process = process;
  }

  /** Starts the jar; returns at once, before the gateway serves. {@code home} gets data/ and gateway.log. */
  public static GatewayProcess launch(String name, Path jar, Path home, Map<String, String> env) {
    try {
      Files.createDirectories(home.resolve("data"));
      Path log = home.resolve("gateway.log");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(JVM_OPTIONS);
      command.addAll(List.of("-jar", jar.toString()));
      ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      Map<String, String> environment = builder.environment();
      environment.keySet().removeIf(k -> INHERITED_KEYS.contains(k)
          || INHERITED_PREFIXES.stream().anyMatch(k::startsWith));
      environment.put("DATA_DIR", home.resolve("data").toString());
      // Several gateways share this machine: each management server on a free port of its own.
      environment.put("MANAGEMENT_PORT", "0");
      environment.putAll(env);
      return new GatewayProcess(name, Integer.parseInt(env.get("PORT")), log, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start gateway " + name, e);
    }
  }

  public String name() {
    return name;
  }

  /** The HTTP and WebSocket port. */
  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** SIGKILL: no shutdown hook runs, sockets are reset by the kernel. Waits until it is gone. */
  public void kill() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(10));
  }

  /** SIGTERM: the gateway drains and exits; waits for it, then kills it if it hangs. Returns the exit code. */
  public int stop(Duration grace) {
    process.destroy();
    if (!awaitExit(grace)) {
      kill();
    }
    return process.exitValue();
  }

  private boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The last lines of the log, for failure messages. */
  public String logTail(int lines) {
    try {
      // Lenient decoding: a log cut by SIGKILL can end inside a character.
      List<String> all = List.of(new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n"));
      // Hazelcast's health lines run to 2 KB each; a failure report wants the gist of each line.
      List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size()).stream()
          .map(l -> l.length() > MAX_LINE ? l.substring(0, MAX_LINE) + " ..." : l).toList();
      return "---- last " + tail.size() + " lines of " + name + " (pid " + pid() + ", port " + port + ", "
          + (alive() ? "alive" : "exited " + process.exitValue()) + ") " + log + "\n" + String.join("\n", tail);
    } catch (IOException e) {
      return "---- no log for " + name + " at " + log + ": " + e;
    }
  }

  @Override
  public String toString() {
    return name + "(port " + port + ", pid " + pid() + ")";
  }
}
