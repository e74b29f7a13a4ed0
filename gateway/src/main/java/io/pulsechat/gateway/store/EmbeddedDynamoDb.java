package io.pulsechat.gateway.store;

import com.amazonaws.services.dynamodbv2.local.main.CommandLineInput;
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import io.pulsechat.gateway.aws.AwsClients;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DynamoDB Local running in this JVM as an HTTP server on a free loopback port: the gateway's
 * default storage when no DynamoDB is configured, and the backend of the integration tests.
 *
 * <p><b>Blocking:</b> {@link #startWithFiles} and {@link #startInMemory} take about 1 s (cold)
 * and {@link #close()} blocks too; call them before deploying verticles or on a worker thread,
 * never on an event loop.
 *
 * <p><b>Exit explicitly:</b> DynamoDB Local leaves a non-daemon thread behind (its Streams
 * shard-rollover scheduler) that keeps the JVM alive for about 450 s after {@code main}
 * returns, even after {@link #close()}. A process that embeds it must call
 * {@code System.exit} when it is done.
 *
 * <p><b>Interface:</b> DynamoDB Local has no option for the listen address (its options are
 * port, inMemory, dbPath, sharedDb, cors, delayTransientStatuses, optimizeDbBeforeStartup,
 * disableTelemetry) and builds its Jetty server with {@code new Server(port)}, which listens
 * on every interface. Before starting it we set the Jetty connector's host to 127.0.0.1 through
 * the server's private field; should that field ever move, it logs a warning and the server
 * listens on every interface, as DynamoDB Local does on its own.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDynamoDb.class);
  private static final String LOOPBACK = "127.0.0.1";
  /** A free port can be taken by another process between our probe and Jetty's bind. */
  private static final int BIND_ATTEMPTS = 5;

  private final DynamoDBProxyServer server;
  private final URI endpoint;

  private EmbeddedDynamoDb(DynamoDBProxyServer server, int port) {
    this.server = server;
    this.endpoint = URI.create("http://" + LOOPBACK + ":" + port);
  }

  /** Keeps the tables in {@code dataDir/shared-local-instance.db}; creates the folder if needed. */
  public static EmbeddedDynamoDb startWithFiles(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the DynamoDB Local data folder " + dataDir, e);
    }
    return start(List.of("-dbPath", dataDir.toAbsolutePath().toString(), "-sharedDb"), "file store " + dataDir);
  }

  /** Keeps everything in memory; the data is gone after {@link #close()}. */
  public static EmbeddedDynamoDb startInMemory() {
    return start(List.of("-inMemory"), "in memory");
  }

  /** Where to point the SDK client, e.g. {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return endpoint;
  }

  /** A client of this DynamoDB Local, with the call timeout of the default retry budget (CHAT_WRITE_RETRY_MS, 10 s). */
  public DynamoDbAsyncClient client() {
    return AwsClients.forLocalEndpoints().dynamoDb(Optional.of(endpoint()),
        WriteBehindSettings.callTimeout(Duration.ofSeconds(10)));
  }

  /** Stops the server; blocking. */
  @Override
  public void close() {
    try {
      server.stop();
      LOG.info("DynamoDB Local at {} stopped", endpoint);
    } catch (Exception e) {
      LOG.warn("DynamoDB Local at {} did not stop cleanly", endpoint, e);
    }
  }

  private static EmbeddedDynamoDb start(List<String> storageArgs, String description) {
    Exception last = null;
    for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
      int port = freeLoopbackPort();
      List<String> args = new ArrayList<>(storageArgs);
      // No internet here, and no reason to phone home from a chat server.
      args.addAll(List.of("-port", Integer.toString(port), "-disableTelemetry"));
      DynamoDBProxyServer server = null;
      try {
        server = createQuietly(args);
        bindToLoopback(server);
        server.start();
        LOG.info("DynamoDB Local started at http://{}:{} ({})", LOOPBACK, port, description);
        return new EmbeddedDynamoDb(server, port);
      } catch (Exception e) {
        last = e;
        LOG.warn("DynamoDB Local could not start on port {} (attempt {} of {})", port, attempt, BIND_ATTEMPTS, e);
        stopQuietly(server);
      }
    }
    throw new IllegalStateException("DynamoDB Local did not start (" + description + ")", last);
  }

  /**
   * What {@code ServerRunner.createServerFromCommandLineArgs} does, without the configuration
   * banner it prints on stdout: the gateway's output stays in its log format (LOG_FORMAT=json).
   */
  private static DynamoDBProxyServer createQuietly(List<String> args) throws Exception {
    CommandLineInput input = new CommandLineInput(args.toArray(String[]::new));
    if (!input.init()) {
      throw new IllegalArgumentException("DynamoDB Local refused its options " + args);
    }
    return ServerRunner.createServer(input);
  }

  private static void bindToLoopback(DynamoDBProxyServer proxy) {
    try {
      Field field = DynamoDBProxyServer.class.getDeclaredField("server");
      field.setAccessible(true);
      Server jetty = (Server) field.get(proxy);
      for (Connector connector : jetty.getConnectors()) {
        if (connector instanceof ServerConnector network) {
          network.setHost(LOOPBACK);
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("Could not restrict DynamoDB Local to {}; it listens on every interface", LOOPBACK, e);
    }
  }

  private static int freeLoopbackPort() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port for DynamoDB Local", e);
    }
  }

  private static void stopQuietly(DynamoDBProxyServer server) {
    if (server != null) {
      try {
        server.stop();
      } catch (Exception ignored) {
        // it never started; nothing to release
      }
    }
  }
}
