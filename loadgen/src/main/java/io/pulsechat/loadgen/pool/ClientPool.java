package io.pulsechat.loadgen.pool;

import io.pulsechat.loadgen.scenario.RoomShape;
import io.pulsechat.loadgen.scenario.Scenario;
import io.pulsechat.loadgen.stats.ConnectPhase;
import io.pulsechat.loadgen.stats.MemberOutcome;
import io.pulsechat.loadgen.stats.WorkerStats;
import io.pulsechat.loadgen.stats.Step;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The connections of a run, spread over several event loops ({@link Worker}s), URLs and source
 * addresses, opened once and reused by every step. Its methods are called from the
 * coordinating thread and block it, never an event loop.
 */
public final class ClientPool implements AutoCloseable {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final Scenario scenario;
  private final Vertx vertx;
  /** Fields, not locals: Vert.x 5 closes a client that becomes unreachable. */
  private final List<WebSocketClient> clients = new ArrayList<>();
  private final List<Worker> workers = new ArrayList<>();
  private final PoolPlan plan;

  private ClientPool(Scenario scenario, TokenMinter tokens) {
    this.scenario = scenario;
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(scenario.eventLoops()));
    List<String> sources = scenario.sourceAddresses().isEmpty()
        ? java.util.Collections.singletonList(null) : scenario.sourceAddresses();
    for (String source : sources) {
      clients.add(vertx.createWebSocketClient(clientOptions(scenario, source)));
    }
    this.plan = new PoolPlan(scenario, clients, tokens);
  }

  static WebSocketClientOptions clientOptions(Scenario scenario, String localAddress) {
    // A joined frame carries up to 50 messages of up to 2000 characters: far over the 64 KiB default.
    WebSocketClientOptions options = new WebSocketClientOptions()
        .setMaxFrameSize(16 << 20)
        .setMaxMessageSize(16 << 20)
        .setMaxConnections(Math.max(1, scenario.allConnections()))
        .setConnectTimeout((int) (scenario.connectTimeoutSeconds() * 1000))
        // At the end of a run a server that does not answer the close frame should not hold the exit.
        .setClosingTimeout(2)
        .setTcpNoDelay(true);
    if (localAddress != null) {
      options.setLocalAddress(localAddress);
    }
    if (scenario.insecure()) {
      options.setTrustAll(true).setVerifyHost(false);
    }
    return options;
  }

  /** Starts the event loops and assigns every connection to one; nothing connects yet. */
  public static ClientPool create(Scenario scenario) {
    return create(scenario, null);
  }

  /** As {@link #create(Scenario)}, each connection carrying a token {@code tokens} mints for its user. */
  public static ClientPool create(Scenario scenario, TokenMinter tokens) {
    ClientPool pool = new ClientPool(scenario, tokens);
    try {
      pool.deploy();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return pool;
  }

  private void deploy() {
    for (int i = 0; i < scenario.eventLoops(); i++) {
      Worker worker = new Worker(plan);
      await(vertx.deployVerticle(worker));
      workers.add(worker);
    }
    int urls = scenario.urls().size();
    int index = 0;
    int room = 0;
    int senderIndex = 0;
    for (RoomShape shape : scenario.layout()) {
      for (int r = 0; r < shape.count(); r++, room++) {
        for (int k = 0; k < shape.connectionsPerRoom(); k++, index++) {
          boolean sender = k < shape.senders();
          String user = scenario.runId() + (sender ? "-s" : "-m") + index;
          // Round-robin over URLs, then over source addresses, so every pair gets its share.
          Member m = new Member(index, room, user, sender ? senderIndex++ : -1, index % urls,
              (index / urls) % clients.size(), shape.senders());
          workers.get(index % workers.size()).add(m);
        }
      }
    }
    // --add-members: receive-only members round the rooms, connected by the first step.
    int[] sendersOf = new int[scenario.rooms()];
    int r0 = 0;
    for (RoomShape shape : scenario.layout()) {
      for (int r = 0; r < shape.count(); r++) {
        sendersOf[r0++] = shape.senders();
      }
    }
    for (int k = 0; k < scenario.disruption().addMembers(); k++, index++) {
      int r = k % scenario.rooms();
      Member m = new Member(index, r, scenario.runId() + "-m" + index, -1, index % urls,
          (index / urls) % clients.size(), sendersOf[r]);
      m.late = true;
      workers.get(index % workers.size()).add(m);
    }
  }

  /** Starts opening every connection at the scenario's ramp rate; see {@link #connections()}. */
  public void startConnecting() {
    double perWorker = scenario.ramp() / workers.size();
    for (Worker worker : workers) {
      await(worker.call(() -> {
        worker.ramp(perWorker);
        return null;
      }));
    }
  }

  /** How the connections stand now. */
  public Connections connections() {
    long connected = 0;
    long connectFailures = 0;
    long joined = 0;
    long joinFailures = 0;
    long joinsCompleted = 0;
    for (Worker s : workers) {
      joinsCompleted += s.joinsCompleted;
      connected += s.connected;
      connectFailures += s.connectFailures;
      joined += s.joined;
      joinFailures += s.joinFailures;
    }
    return new Connections(scenario.connections(), connected, connectFailures, joined, joinsCompleted, joinFailures,
        plan.connectErrors(), plan.joinErrors(), plan.closeStatuses(), plan.errorsOutsideSteps(), plan.connectPhase());
  }

  /**
   * @param target          connections the scenario asks for
   * @param connected       WebSocket handshakes that succeeded
   * @param joined          connections joined to their room right now
   * @param joinsCompleted  joins that succeeded, including those of connections closed since
   * @param closeStatuses   closes by the server after joining, by status code
   * @param phase           the connect phase as measured: connect latency and the rate of joins
   */
  public record Connections(long target, long connected, long connectFailures, long joined, long joinsCompleted,
                            long joinFailures,
                            Map<String, Long> connectErrors, Map<String, Long> joinErrors,
                            Map<String, Long> closeStatuses, Map<String, Long> errorsOutsideSteps,
                            ConnectPhase phase) {
    /** Every connection has either joined or failed. */
    public boolean settled() {
      return joinsCompleted + joinFailures + connectFailures >= target;
    }
  }

  public int[] joinedByRoom() {
    return plan.joinedByRoom();
  }

  public int workerCount() {
    return workers.size();
  }

  public void beginStep(Step step, List<WorkerStats> stats) {
    for (int i = 0; i < workers.size(); i++) {
      Worker worker = workers.get(i);
      WorkerStats into = stats.get(i);
      await(worker.call(() -> {
        worker.beginStep(step, into);
        return null;
      }));
    }
  }

  public void stopSending() {
    for (Worker worker : workers) {
      await(worker.call(worker::stopSending));
    }
  }

  /** Ends the step on every loop; after this returns, every counter of the step is final. */
  public List<MemberOutcome> endStep() {
    List<MemberOutcome> all = new ArrayList<>();
    for (Worker worker : workers) {
      all.addAll(await(worker.call(worker::endStep)));
    }
    return all;
  }

  @Override
  public void close() {
    try {
      for (Worker worker : workers) {
        await(worker.call(worker::closeAll).compose(f -> f));
      }
    } catch (RuntimeException e) {
      // closing anyway
    }
    try {
      await(vertx.close());
    } catch (RuntimeException e) {
      // the process is ending
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("an event loop did not answer within " + CALL_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
