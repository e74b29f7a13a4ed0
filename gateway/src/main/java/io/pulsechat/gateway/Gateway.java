package io.pulsechat.gateway;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pulsechat.gateway.http.HttpApi;
import io.pulsechat.gateway.hub.RoomDirectory;
import io.pulsechat.gateway.hub.RoomShard;
import io.pulsechat.gateway.hub.RoomShardVerticle;
import io.pulsechat.gateway.metrics.GatewayMetrics;
import io.pulsechat.gateway.sentiment.ModelHolder;
import io.pulsechat.gateway.store.Storage;
import io.pulsechat.gateway.ws.ChatSocketHandler;
import io.pulsechat.sentiment.ProvisionalLexiconScorer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds storage, the room shards and the servers in order, and takes
 * them down in the reverse order on {@link #stop()}.
 */
public final class Gateway {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);
  /** Rooms without members keep their mood this long before their state is dropped. */
  private static final Duration IDLE_EVICTION = Duration.ofMinutes(10);

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final GatewayConfig config;
  private final Lifecycle lifecycle = new Lifecycle();
  private final List<String> serverDeployments = new ArrayList<>();
  private final List<String> shardDeployments = new ArrayList<>();
  private Storage storage;
  private RoomDirectory directory;
  private int port;

  private Gateway(Vertx vertx, boolean ownsVertx, GatewayConfig config) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.config = config;
  }

  /** Starts a gateway on a Vert.x instance of its own, with Vert.x's meters in /metrics. */
  public static Future<Gateway> start(GatewayConfig config) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    return new Gateway(vertx, true, config).boot(registry)
        .recover(e -> vertx.close().transform(ignored -> Future.failedFuture(e)));
  }

  /** Starts a gateway on the caller's Vert.x instance, which it leaves open on stop. */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig config) {
    return new Gateway(vertx, false, config).boot(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  public int port() {
    return port;
  }

  public Lifecycle lifecycle() {
    return lifecycle;
  }

  private Future<Gateway> boot(PrometheusMeterRegistry registry) {
    GatewayMetrics metrics = new GatewayMetrics(registry);
    ModelHolder model = new ModelHolder(new ProvisionalLexiconScorer());
    String nodeTag = nodeTag();
    directory = new RoomDirectory(vertx.eventBus(), config.roomShards(),
        config.writeRetryBudget().plus(Duration.ofSeconds(30)));
    RoomShard.Settings settings = new RoomShard.Settings(nodeTag, config.largeRoomThreshold(), config.moodWindow(),
        IDLE_EVICTION);
    return Storage.open(vertx, config, registry)
        .compose(opened -> {
          storage = opened;
          List<Future<String>> shards = new ArrayList<>();
          for (int i = 0; i < config.roomShards(); i++) {
            shards.add(vertx.deployVerticle(new RoomShardVerticle(i, fanOut -> new RoomShard(settings, storage.store(),
                model, fanOut, metrics, System::currentTimeMillis, lifecycle::draining))));
          }
          return Future.all(shards).map(all -> {
            shards.forEach(f -> shardDeployments.add(f.result()));
            return null;
          });
        })
        // Vert.x shares a port among servers only when it is given up front: port 0 binds a new free port
        // per server, and a second server on that port then fails with "Address already in use". A
        // negative port asks Vert.x for one free port shared by every server that names it.
        .compose(v -> deployServers(config.port() == 0 ? -1 : config.port(), config.eventLoops(), registry, metrics))
        .map(boundPort -> {
          port = boundPort;
          lifecycle.moveTo(Lifecycle.State.SERVING);
          log.info("PulseChat gateway serving on port {} ({} event loops, {} room shards, node {})", port,
              config.eventLoops(), config.roomShards(), nodeTag);
          return this;
        });
  }

  private Future<Integer> deployServers(int onPort, int instances, PrometheusMeterRegistry registry,
                                        GatewayMetrics metrics) {
    List<ServerVerticle> servers = new ArrayList<>();
    List<Future<String>> deployed = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      ServerVerticle server = new ServerVerticle(config, onPort,
          v -> new HttpApi(v, lifecycle, directory, storage.store(), registry).router(config.publicDir()),
          v -> new ChatSocketHandler(v, config, lifecycle, directory, storage.store(), metrics));
      servers.add(server);
      deployed.add(vertx.deployVerticle(server, new DeploymentOptions().setThreadingModel(ThreadingModel.EVENT_LOOP)));
    }
    return Future.all(deployed).map(all -> {
      deployed.forEach(f -> serverDeployments.add(f.result()));
      return servers.get(0).actualPort();
    });
  }

  /**
   * Graceful shutdown: /health turns 503 and no new message is accepted; messages already
   * accepted are stored and acknowledged; then sockets close with 1001 and everything stops.
   */
  public Future<Void> stop() {
    if (lifecycle.draining()) {
      return Future.succeededFuture();
    }
    lifecycle.moveTo(Lifecycle.State.DRAINING);
    log.info("Draining: storing accepted messages, then closing connections");
    long graceMs = Math.max(1, config.shutdownGrace().toMillis());
    Future<Void> drained = directory.drain()
        .compose(v -> storage.store().flush())
        .timeout(graceMs, java.util.concurrent.TimeUnit.MILLISECONDS)
        .onFailure(e -> log.warn("Shutdown grace ran out before storage finished: {}", e.toString()))
        .otherwiseEmpty();
    return drained
        .compose(v -> undeployAll(serverDeployments))
        .compose(v -> undeployAll(shardDeployments))
        .eventually(() -> storage == null ? Future.succeededFuture() : storage.close())
        .eventually(() -> ownsVertx ? vertx.close() : Future.succeededFuture())
        .onComplete(ar -> {
          lifecycle.moveTo(Lifecycle.State.STOPPED);
          log.info("Stopped");
        });
  }

  private Future<Void> undeployAll(List<String> ids) {
    List<Future<Void>> all = new ArrayList<>();
    ids.forEach(id -> all.add(vertx.undeploy(id)));
    ids.clear();
    return Future.join(all).mapEmpty();
  }

  /** Four base-36 characters that tell this process's message ids from another's. */
  private static String nodeTag() {
    String tag = Integer.toString(new SecureRandom().nextInt(36 * 36 * 36 * 36), 36);
    return "0".repeat(4 - tag.length()) + tag;
  }
}
