package io.pulsechat.gateway.cluster;

import io.pulsechat.gateway.store.EmbeddedDynamoDb;
import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Gateways as separate processes of {@code target/gateway.jar}, sharing one DynamoDB Local that
 * runs in this JVM, and the clients that talk to them. With clustering on they form one fleet
 * over Hazelcast (a cluster name of their own, so concurrent runs never join each other); with
 * clustering off each is a gateway on its own, as before.
 *
 * <p>Every process is killed on {@link #close()}, and by a shutdown hook should the test JVM
 * exit without closing. Logs and data folders stay under {@code target/fleet-it/<fleet>/}.
 */
public final class GatewayFleet implements AutoCloseable {
  /** How long a fleet may take to form: JVM start, Hazelcast join and DynamoDB tables on two busy cores. */
  public static final Duration FORMATION_TIMEOUT = Duration.ofSeconds(Long.getLong("fleet.timeout", 120));
  private static final Duration STOP_GRACE = Duration.ofSeconds(40);
  private static final int TAIL_LINES = 60;
  private static final AtomicLong FLEETS = new AtomicLong();

  private final String name;
  private final boolean clustered;
  private final Map<String, String> settings;
  private final Path jar;
  private final Path home;
  private final EmbeddedDynamoDb dynamoDb;
  private final List<Node> nodes = new CopyOnWriteArrayList<>();
  private final Vertx clientVertx = Vertx.vertx();
  private final WebSocketClient webSockets = ChatClient.newWebSocketClient(clientVertx);
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final List<ChatClient> clients = new CopyOnWriteArrayList<>();
  private final Thread safetyNet = new Thread(this::killAll, "fleet-safety-net");

  /** A gateway process, its Hazelcast port (0 when clustering is off) and its way to storage. */
  private record Node(GatewayProcess process, int clusterPort, StorageGate storage) {
  }

  private GatewayFleet(Path jar, boolean clustered, Map<String, String> settings) {
    this.jar = jar;
    this.clustered = clustered;
    this.settings = Map.copyOf(settings);
    this.name = "fleet-it-" + ProcessHandle.current().pid() + "-" + FLEETS.incrementAndGet() + "-"
        + Long.toString(System.nanoTime() % 1_000_000, 36);
    this.home = moduleTarget().resolve("fleet-it").resolve(name);
    Runtime.getRuntime().addShutdownHook(safetyNet);
    this.dynamoDb = EmbeddedDynamoDb.startInMemory();
  }

  /** {@code size} clustered gateways, returned once every one serves and sees all {@code size}. */
  public static GatewayFleet clustered(int size) {
    return clustered(size, Map.of());
  }

  /** As {@link #clustered(int)}, with extra environment for every node (e.g. {@code CHAT_*} keys). */
  public static GatewayFleet clustered(int size, Map<String, String> settings) {
    return start(true, size, settings);
  }

  /** One gateway with clustering off (the default), returned once it serves. */
  public static GatewayFleet single() {
    return start(false, 1, Map.of());
  }

  private static GatewayFleet start(boolean clustered, int size, Map<String, String> settings) {
    GatewayFleet fleet = new GatewayFleet(gatewayJar(), clustered, settings);
    try {
      List<Integer> clusterPorts = clustered ? freePorts(size) : List.of();
      // Launch every node before waiting for any: they start in parallel and find each other.
      for (int i = 0; i < size; i++) {
        fleet.launch(clustered ? clusterPorts.get(i) : 0, clusterPorts);
      }
      fleet.awaitFormed();
      return fleet;
    } catch (RuntimeException | Error e) {
      fleet.close();
      throw e;
    }
  }

  /** Starts one more node that joins the others; returns once every live node sees it. */
  public GatewayProcess add() {
    List<Integer> clusterPorts = new ArrayList<>();
    int port = 0;
    if (clustered) {
      port = freePorts(1).get(0);
      live().forEach(n -> clusterPorts.add(n.clusterPort()));
      clusterPorts.add(port);
    }
    GatewayProcess added = launch(port, clusterPorts);
    awaitFormed();
    return added;
  }

  /** SIGKILL: the node dies at once, without draining, as on a crash. */
  public void kill(GatewayProcess node) {
    node.kill();
  }

  /** SIGTERM: the node drains and exits; returns its exit code. */
  public int stop(GatewayProcess node) {
    return node.stop(STOP_GRACE);
  }

  /** The gate between a node and the fleet's DynamoDB Local. */
  public StorageGate storageOf(GatewayProcess node) {
    return nodes.stream().filter(n -> n.process() == node).findFirst().orElseThrow().storage();
  }

  /** The n-th node started (0-based), alive or not. */
  public GatewayProcess node(int n) {
    return nodes.get(n).process();
  }

  /** The nodes still running, in start order. */
  public List<GatewayProcess> liveNodes() {
    return live().stream().map(Node::process).toList();
  }

  public String clusterName() {
    return name;
  }

  /** The answer of {@code GET /health} on a node. */
  public TestGateway.HttpResult health(GatewayProcess node) {
    return TestGateway.get(http, node.port(), "/health");
  }

  /** Opens a WebSocket to a node; nothing is sent yet. Closed with the fleet. */
  public ChatClient connect(GatewayProcess node) {
    ChatClient client = TestGateway.await(ChatClient.connect(webSockets, node.port()), TestGateway.TIMEOUT);
    clients.add(client);
    return client;
  }

  /** Connects to a node and joins {@code room} as {@code user}; the joined frame is consumed. */
  public ChatClient join(GatewayProcess node, String room, String user) {
    ChatClient client = connect(node);
    try {
      client.join(room, user);
    } catch (AssertionError e) {
      throw new AssertionError(user + " could not join " + room + " on " + node + ": " + e.getMessage(), e);
    }
    return client;
  }

  /** The tail of every node's log, for a failure report. */
  public String logTails() {
    return nodes.stream().map(n -> n.process().logTail(TAIL_LINES)).collect(Collectors.joining("\n"));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    clients.forEach(ChatClient::close);
    killAll();
    try {
      nodes.forEach(n -> TestGateway.await(n.storage().close(), Duration.ofSeconds(30)));
      TestGateway.await(clientVertx.close(), Duration.ofSeconds(30));
    } finally {
      dynamoDb.close();
      try {
        Runtime.getRuntime().removeShutdownHook(safetyNet);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running or has run
      }
    }
  }

  private void killAll() {
    for (Node node : nodes) {
      if (node.process().alive()) {
        node.process().kill();
      }
    }
  }

  private List<Node> live() {
    return nodes.stream().filter(n -> n.process().alive()).toList();
  }

  private GatewayProcess launch(int clusterPort, List<Integer> clusterPorts) {
    int index = nodes.size();
    Map<String, String> env = new HashMap<>();
    env.put("HOST", "127.0.0.1");
    env.put("PORT", Integer.toString(freePorts(1).get(0)));
    StorageGate storage = StorageGate.open(clientVertx, dynamoDb.endpoint());
    env.put("DYNAMODB_ENDPOINT", storage.endpoint().toString());
    if (clustered) {
      env.put("CLUSTER_ENABLED", "true");
      env.put("CLUSTER_NAME", name);
      env.put("CLUSTER_HOST", "127.0.0.1");
      env.put("CLUSTER_PORT", Integer.toString(clusterPort));
      env.put("CLUSTER_MEMBERS", clusterPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")));
      env.put("CLUSTER_EVENT_BUS_PORT", "0");
    }
    env.putAll(settings);
    GatewayProcess process = GatewayProcess.launch("node" + index, jar, home.resolve("node" + index), env);
    nodes.add(new Node(process, clusterPort, storage));
    return process;
  }

  /** Until every live node answers /health 200 and, clustered, sees exactly the live nodes. */
  private void awaitFormed() {
    List<Node> expected = live();
    Map<String, String> lastAnswers = new LinkedHashMap<>();
    long deadline = System.nanoTime() + FORMATION_TIMEOUT.toNanos();
    while (true) {
      boolean all = true;
      for (Node node : expected) {
        GatewayProcess p = node.process();
        if (!p.alive()) {
          throw new AssertionError(p.name() + " exited while the fleet " + name + " was forming\n" + logTails());
        }
        String answer = healthAnswer(p);
        lastAnswers.put(p.name(), answer);
        all &= formed(answer, expected.size());
      }
      if (all) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the fleet " + name + " did not form within " + FORMATION_TIMEOUT.toSeconds()
            + " s: wanted /health 200" + (clustered ? " with clusterNodes=" + expected.size() : "")
            + " on every node; last answers " + lastAnswers + "\n" + logTails());
      }
      sleep(200);
    }
  }

  private String healthAnswer(GatewayProcess node) {
    try {
      TestGateway.HttpResult r = health(node);
      return r.status() + " " + r.body();
    } catch (UncheckedIOException e) {
      return "no answer (" + Objects.requireNonNullElse(e.getCause(), e).getClass().getSimpleName() + ")";
    }
  }

  private boolean formed(String answer, int size) {
    if (!answer.startsWith("200 ")) {
      return false;
    }
    if (!clustered) {
      return true;
    }
    JsonObject body = new JsonObject(answer.substring(4));
    if (!body.containsKey("clusterNodes")) {
      // Serving without the field means the node ignored CLUSTER_ENABLED: waiting would not help.
      throw new AssertionError("a node of " + name + " serves with clustering on but /health has no clusterNodes: "
          + answer + "\n" + logTails());
    }
    return Integer.valueOf(size).equals(body.getInteger("clusterNodes"));
  }

  /** Distinct free loopback ports; a port can still be taken between the probe and the node's bind. */
  public static List<Integer> freePorts(int n) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return held.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    } finally {
      for (ServerSocket s : held) {
        try {
          s.close();
        } catch (IOException ignored) {
          // a probe socket
        }
      }
    }
  }

  /**
   * The shaded jar of this module ({@code target/gateway.jar}), or the one named by
   * {@code -Dfleet.jar=...}, to run these tests against another build.
   */
  public static Path gatewayJar() {
    String other = System.getProperty("fleet.jar", "");
    return requireJar(other.isBlank() ? moduleTarget().resolve("gateway.jar") : Path.of(other).toAbsolutePath());
  }

  /** This module's {@code target/}: the parent of the test classes. */
  private static Path moduleTarget() {
    try {
      return Path.of(GatewayFleet.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path requireJar(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no " + jar + ": the fleet tests start the shaded jar; build it with "
          + "./mvnw -pl gateway -am package (failsafe runs after package)");
    }
    return jar;
  }
}
