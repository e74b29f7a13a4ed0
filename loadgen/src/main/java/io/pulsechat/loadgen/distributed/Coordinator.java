package io.pulsechat.loadgen.distributed;

import io.pulsechat.loadgen.pool.ClientPool;
import io.pulsechat.loadgen.scenario.Scenario;
import io.pulsechat.loadgen.search.StepRunner;
import io.pulsechat.loadgen.series.Interval;
import io.pulsechat.loadgen.stats.Accounting;
import io.pulsechat.loadgen.run.Drill;
import io.pulsechat.loadgen.stats.StepResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs a scenario on several agents as one generator: waits for them, gives each its share,
 * starts their connecting and every step at one wall-clock moment (a little ahead, so that each
 * has the order in time), and merges what they send back. Blocks its thread; one reader thread
 * per agent.
 */
public final class Coordinator implements StepRunner, AutoCloseable {
  /** Lead time between an order and the moment it names, for the order to reach every agent. */
  private static final long LEAD_MILLIS = 1000;

  private final Scenario scenario;
  private final ServerSocket server;
  private final int count;
  private final PrintStream err;
  private final List<Wire> agents = new ArrayList<>();
  private final List<BlockingQueue<JsonObject>> inboxes = new ArrayList<>();
  private final List<Interval> intervals = Collections.synchronizedList(new ArrayList<>());
  private ClientPool.Connections connections;

  public Coordinator(Scenario scenario, ServerSocket server, int count, PrintStream err) {
    this.scenario = scenario;
    this.server = server;
    this.count = count;
    this.err = err;
  }

  /** Waits up to {@code waitSeconds} for every agent, hands out the shares, and has them connect. */
  public ClientPool.Connections connect(double waitSeconds) throws IOException {
    long deadline = System.nanoTime() + (long) (waitSeconds * 1e9);
    while (agents.size() < count) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new IOException(agents.size() + " of " + count + " agents arrived within " + waitSeconds + " s");
      }
      server.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
      try {
        Wire wire = new Wire(server.accept());
        JsonObject hello = Agent.expect(wire, "hello");
        err.println("loadgen coordinator: agent " + hello.getString("name") + " from " + wire.peer() + " ("
            + (agents.size() + 1) + " of " + count + ")");
        agents.add(wire);
      } catch (SocketTimeoutException e) {
        // the loop reports it
      }
    }
    JsonArray args = new JsonArray(scenario.toArgs());
    for (int i = 0; i < count; i++) {
      Wire wire = agents.get(i);
      wire.send(new JsonObject().put("type", "plan").put("index", i).put("count", count).put("args", args));
      BlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
      inboxes.add(inbox);
      Thread reader = new Thread(() -> read(wire, inbox), "coordinator-reader-" + i);
      reader.setDaemon(true);
      reader.start();
    }
    broadcast(new JsonObject().put("type", "connect").put("atMillis", System.currentTimeMillis() + LEAD_MILLIS));
    double limit = LEAD_MILLIS / 1000.0 + scenario.connections() / scenario.ramp()
        + 2 * scenario.connectTimeoutSeconds() + 30;
    List<ClientPool.Connections> parts = new ArrayList<>();
    for (JsonObject m : collect("connected", limit)) {
      parts.add(Codec.connections(m.getJsonObject("connections")));
    }
    connections = Merge.connections(parts);
    return connections;
  }

  @Override
  public StepResult run(double ratePerSender) {
    return run(ratePerSender, scenario.durationSeconds());
  }

  @Override
  public StepResult run(double ratePerSender, double seconds) {
    try {
      long at = System.currentTimeMillis() + LEAD_MILLIS;
      broadcast(new JsonObject().put("type", "step").put("rate", ratePerSender).put("seconds", seconds)
          .put("atMillis", at));
      // The drill runs here, once, at the moment the agents' windows agree on.
      Drill drill = scenario.disruption().drillCommand().map(c -> Drill.schedule(c, at - System.currentTimeMillis()
          + (long) ((scenario.warmupSeconds() + scenario.disruption().drillAtSeconds()) * 1000), err)).orElse(null);
      double limit = LEAD_MILLIS / 1000.0 + scenario.warmupSeconds() + seconds
          + scenario.drainSeconds() + 60;
      List<StepResult> parts = new ArrayList<>();
      for (JsonObject m : collect("result", limit)) {
        parts.add(Codec.step(m.getJsonObject("step")));
      }
      Accounting.Rules rules = new Accounting.Rules(scenario.p99BoundMs(), connections.connectFailures(),
          connections.joinFailures(), scenario.totalSenders() > 0, scenario.thresholds(), connections.phase());
      StepResult merged = Merge.steps(parts, rules);
      return drill == null ? merged : drill.judge(merged);
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** The agents' intervals merged second by second. */
  public List<Interval> series() {
    synchronized (intervals) {
      return Merge.series(intervals);
    }
  }

  private void read(Wire wire, BlockingQueue<JsonObject> inbox) {
    try {
      while (true) {
        JsonObject m = wire.receive();
        if ("interval".equals(m.getString("type"))) {
          intervals.add(Interval.fromJson(m.getJsonObject("interval")));
        } else {
          inbox.add(m);
        }
      }
    } catch (IOException | RuntimeException e) {
      inbox.add(new JsonObject().put("type", "gone").put("why", e.getMessage()));
    }
  }

  private void broadcast(JsonObject message) throws IOException {
    for (Wire wire : agents) {
      wire.send(message);
    }
  }

  /** One message of {@code type} from every agent, in agent order, within {@code seconds}. */
  private List<JsonObject> collect(String type, double seconds) throws IOException {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    List<JsonObject> out = new ArrayList<>();
    for (int i = 0; i < inboxes.size(); i++) {
      JsonObject m;
      try {
        m = inboxes.get(i).poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      if (m == null) {
        throw new IOException("agent " + (i + 1) + " sent no " + type + " within " + seconds + " s");
      }
      if (!type.equals(m.getString("type"))) {
        throw new IOException("agent " + (i + 1) + " (" + agents.get(i).peer() + "): expected " + type + ", got "
            + m.getString("type") + (m.containsKey("why") ? ": " + m.getString("why") : ""));
      }
      out.add(m);
    }
    return out;
  }

  /** Tells every agent the run is over and closes the connections. */
  @Override
  public void close() {
    for (Wire wire : agents) {
      try {
        wire.send(new JsonObject().put("type", "done"));
      } catch (IOException e) {
        // that agent has gone already
      }
    }
    // A moment for the last intervals still on their way.
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    agents.forEach(Wire::close);
  }
}
