package io.pulsechat.loadgen.distributed;

import io.pulsechat.loadgen.pool.ClientPool;
import io.pulsechat.loadgen.run.LoadRun;
import io.pulsechat.loadgen.scenario.Scenario;
import io.pulsechat.loadgen.series.SeriesRecorder;
import io.pulsechat.loadgen.stats.ProcUsage;
import io.pulsechat.loadgen.stats.StepResult;
import io.pulsechat.loadgen.wire.ClientMsgId;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A generator that takes its share of a scenario from a coordinator: it connects, receives the
 * scenario's options and its index, opens its connections when told (at an agreed wall-clock
 * time), runs each step the coordinator starts, and streams back every interval and step result.
 */
public final class Agent {
  /** What this machine decides for itself: where to connect from, how many loops, which local pid to sample. */
  public record Local(String name, List<String> sourceAddresses, Integer eventLoops, Optional<Long> serverPid,
                      double waitSeconds) {
  }

  private final InetSocketAddress coordinator;
  private final Local local;
  private final PrintStream err;
  private final Function<List<String>, Scenario> parse;

  /** @param parse turns the coordinator's options into a scenario, as the command line would */
  public Agent(InetSocketAddress coordinator, Local local, PrintStream err, Function<List<String>, Scenario> parse) {
    this.coordinator = coordinator;
    this.local = local;
    this.err = err;
    this.parse = parse;
  }

  /** Runs until the coordinator says done; returns the exit code. */
  public int run() throws IOException {
    try (Wire wire = new Wire(dial())) {
      wire.send(new JsonObject().put("type", "hello").put("name", local.name()));
      JsonObject plan = expect(wire, "plan");
      int index = plan.getInteger("index");
      int count = plan.getInteger("count");
      Scenario full = parse.apply(plan.getJsonArray("args").stream().map(String::valueOf).toList());
      Scenario mine = full.share(index, count,
          local.sourceAddresses().isEmpty() ? full.sourceAddresses() : local.sourceAddresses(),
          local.eventLoops() != null ? local.eventLoops() : full.eventLoops(), local.serverPid());
      err.println("loadgen agent " + local.name() + ": share " + (index + 1) + " of " + count + ", " + mine.rooms()
          + " rooms, run id " + mine.runId());
      SeriesRecorder series = new SeriesRecorder(mine.serverPid().map(ProcUsage::new).orElse(null))
          .sink(i -> send(wire, new JsonObject().put("type", "interval").put("interval", i.toJson())));
      try (ClientPool pool = ClientPool.create(mine)) {
        LoadRun run = new LoadRun(mine, pool, err, series).withoutDrills();
        waitUntil(expect(wire, "connect").getLong("atMillis"));
        ClientPool.Connections c = run.connect();
        wire.send(new JsonObject().put("type", "connected").put("connections", Codec.connections(c)));
        while (true) {
          JsonObject next = wire.receive();
          if ("done".equals(next.getString("type"))) {
            return 0;
          }
          if (!"step".equals(next.getString("type"))) {
            throw new IOException("unexpected " + next.getString("type") + " from the coordinator");
          }
          long startMicros = ClientMsgId.nowMicros() + (next.getLong("atMillis") - System.currentTimeMillis()) * 1000;
          StepResult result = run.run(next.getDouble("rate"), startMicros, next.getDouble("seconds"));
          wire.send(new JsonObject().put("type", "result").put("step", Codec.step(result)));
        }
      }
    }
  }

  /** Agents may start before their coordinator: they keep trying for {@link Local#waitSeconds()}. */
  private Socket dial() throws IOException {
    long deadline = System.nanoTime() + (long) (local.waitSeconds() * 1e9);
    while (true) {
      try {
        return new Socket(coordinator.getHostString(), coordinator.getPort());
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException("no coordinator at " + coordinator + " within " + local.waitSeconds() + " s: "
              + e.getMessage(), e);
        }
        try {
          Thread.sleep(250);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", ie);
        }
      }
    }
  }

  private static void send(Wire wire, JsonObject message) {
    try {
      wire.send(message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonObject expect(Wire wire, String type) throws IOException {
    JsonObject m = wire.receive();
    if (!type.equals(m.getString("type"))) {
      throw new IOException("expected " + type + " from " + wire.peer() + ", got " + m.getString("type"));
    }
    return m;
  }

  private static void waitUntil(long epochMillis) {
    long wait = epochMillis - System.currentTimeMillis();
    if (wait > 0) {
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
