package io.pulsechat.gateway.store;

import io.pulsechat.gateway.cluster.GatewayFleet;
import io.pulsechat.gateway.testing.TestGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * DynamoDB Local in memory as an operating-system process of its own (from the shaded gateway
 * jar, as {@code scripts/bench/fanout.sh --external-dynamodb} runs it), so a test can stall it
 * with SIGSTOP as a hung storage service would stall, and resume it with SIGCONT.
 */
public final class DynamoDbLocalProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final URI endpoint;

  private DynamoDbLocalProcess(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /** Starts it on a free loopback port and returns once it accepts connections; output goes to {@code log}. */
  public static DynamoDbLocalProcess start(Path log) {
    int port = GatewayFleet.freePorts(1).get(0);
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", GatewayFleet.gatewayJar().toString(),
        "com.amazonaws.services.dynamodbv2.local.main.ServerRunner",
        "-inMemory", "-port", Integer.toString(port), "-disableTelemetry");
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start DynamoDB Local", e);
    }
    DynamoDbLocalProcess started = new DynamoDbLocalProcess(process, URI.create("http://127.0.0.1:" + port));
    try {
      TestGateway.until(() -> !process.isAlive() || started.accepts(port), START_TIMEOUT,
          () -> "DynamoDB Local on port " + port + "; see " + log);
    } catch (AssertionError e) {
      started.close();
      throw e;
    }
    if (!process.isAlive()) {
      throw new IllegalStateException("DynamoDB Local exited at start; see " + log);
    }
    return started;
  }

  public URI endpoint() {
    return endpoint;
  }

  public long pid() {
    return process.pid();
  }

  /** SIGSTOP: the process stays, its sockets keep taking bytes, nothing answers. */
  public void stall() {
    signal("STOP");
  }

  /** SIGCONT: it goes on with whatever reached it meanwhile. */
  public void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Resumes it first (a stopped process does not act on SIGTERM) and ends it. */
  @Override
  public void close() {
    if (process.isAlive()) {
      signal("CONT");
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
