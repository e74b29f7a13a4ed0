package io.pulsechat.gateway;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pulsechat.gateway.access.AccessControl;
import io.pulsechat.gateway.access.AlertLog;
import io.pulsechat.gateway.access.ModeratorDeletes;
import io.pulsechat.gateway.access.RoomAdmin;
import io.pulsechat.gateway.apigw.ApiGatewayFrontDoor;
import io.pulsechat.gateway.apigw.ApiGatewayRoute;
import io.pulsechat.gateway.apigw.ConnectionHomes;
import io.pulsechat.gateway.aws.AwsClients;
import io.pulsechat.gateway.cluster.HazelcastFleet;
import io.pulsechat.gateway.cluster.NodeRelayVerticle;
import io.pulsechat.gateway.events.ChatEvent;
import io.pulsechat.gateway.events.EventPublisher;
import io.pulsechat.gateway.events.EventPublishers;
import io.pulsechat.gateway.http.BrowserDefaults;
import io.pulsechat.gateway.http.HealthRoutes;
import io.pulsechat.gateway.http.HttpApi;
import io.pulsechat.gateway.auth.ApiTokens;
import io.pulsechat.gateway.auth.AuthMeters;
import io.pulsechat.gateway.auth.TokenVerifier;
import io.pulsechat.gateway.http.ManagementApi;
import io.pulsechat.gateway.http.OriginPolicy;
import io.pulsechat.gateway.hub.insights.LoggedSentimentAlerts;
import io.pulsechat.gateway.hub.routing.Fleet;
import io.pulsechat.gateway.hub.room.MessageListener;
import io.pulsechat.gateway.hub.routing.RoomDirectory;
import io.pulsechat.gateway.hub.room.RoomBounds;
import io.pulsechat.gateway.hub.room.MessageRules;
import io.pulsechat.gateway.hub.room.RoomShard;
import io.pulsechat.gateway.protocol.Reactions;
import io.pulsechat.gateway.hub.room.RoomShardVerticle;
import io.pulsechat.gateway.hub.routing.EventBusRoomDirectory;
import io.pulsechat.gateway.metrics.CloudWatchMetrics;
import io.pulsechat.gateway.metrics.DeliveryTrace;
import io.pulsechat.gateway.metrics.GatewayMetrics;
import io.pulsechat.gateway.metrics.JvmMeters;
import io.pulsechat.gateway.metrics.HttpMeterTags;
import io.pulsechat.gateway.metrics.NetMeters;
import io.pulsechat.gateway.net.ConnectionLimits;
import io.pulsechat.gateway.metrics.TagValueCap;
import io.pulsechat.gateway.sentiment.ModelHolder;
import io.pulsechat.gateway.sentiment.ModelSources;
import io.pulsechat.gateway.sentiment.ModelWatcher;
import io.pulsechat.gateway.sentiment.Scorers;
import io.pulsechat.gateway.store.InsightStores;
import io.pulsechat.gateway.store.Storage;
import io.pulsechat.gateway.store.WriteBehindSettings;
import io.pulsechat.gateway.session.SessionLimits;
import io.pulsechat.gateway.ws.ChatSocketHandler;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import io.vertx.core.internal.VertxInternal;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds storage, the room shards and the servers in order, and takes
 * them down in the reverse order on {@link #stop()}.
 */
public final class Gateway {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);
  /** Rooms without members keep their mood this long before their state is dropped. */

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final GatewayConfig config;
  private final Lifecycle lifecycle = new Lifecycle();
  /** Allowances shared by every connection of this node, whatever its event loop or transport. */
  private final SessionLimits sessionLimits;
  private final List<String> serverDeployments = new ArrayList<>();
  private final List<String> shardDeployments = new ArrayList<>();
  private Storage storage;
  private InsightStores insights;
  private AccessControl access;
  private RoomDirectory directory;
  /** The gateways this one works with: itself alone, or a fleet over Hazelcast. */
  private Fleet fleet;
  /** The fleet when clustered, else null. */
  private HazelcastFleet hazelcast;
  private String node;
  private ModelHolder model;
  private Scorers.Loaded scorers;
  private String watcherDeployment;
  private EventPublisher events;
  private RoomAdmin roomAdmin;
  private io.micrometer.cloudwatch2.CloudWatchMeterRegistry cloudWatch;
  private JvmMeters jvmMeters;
  private TokenVerifier tokenVerifier;
  private int port;
  private int managementPort;

  private Gateway(Vertx vertx, boolean ownsVertx, GatewayConfig config) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.config = config;
    this.sessionLimits = SessionLimits.of(config);
  }

  /**
   * Starts a gateway on a Vert.x instance of its own, with Vert.x's meters in /metrics; with
   * clustering on, the instance joins the fleet first.
   */
  public static Future<Gateway> start(GatewayConfig config) {
    PrometheusMeterRegistry registry = boundedRegistry(config);
    Transport transport;
    try {
      transport = config.transport().resolve();
    } catch (IllegalStateException e) {
      return Future.failedFuture(e);
    }
    log.info(config.transport().describe(transport));
    VertxOptions options = new VertxOptions().setMetricsOptions(HttpMeterTags.options())
        .setPreferNativeTransport(transport != Transport.NIO);
    var builder = Vertx.builder().withMetrics(new MicrometerMetricsFactory(registry)).withTransport(transport);
    Future<Vertx> started = config.cluster().enabled()
        ? HazelcastFleet.clusteredVertx(builder, config.cluster(), options)
        : Future.succeededFuture(builder.with(options).build());
    return started.compose(vertx -> new Gateway(vertx, true, config).boot(registry)
        .recover(e -> vertx.close().transform(ignored -> Future.failedFuture(e))));
  }

  /**
   * Starts a gateway on the caller's Vert.x instance, which it leaves open on stop; never clustered.
   * The instance keeps the transport it was built with: TRANSPORT applies to {@link #start(GatewayConfig)}.
   */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig config) {
    if (config.cluster().enabled()) {
      return Future.failedFuture(new IllegalArgumentException("a clustered gateway builds its own Vert.x: use start(config)"));
    }
    return new Gateway(vertx, false, config).boot(boundedRegistry(config));
  }

  /** A registry whose tags cannot grow without bound, whatever registers meters on it. */
  private static PrometheusMeterRegistry boundedRegistry(GatewayConfig config) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(HttpMeterTags.unmatchedRoute());
    TagValueCap.install(registry, config.net().maxTagValues());
    return registry;
  }

  /** The fleet this gateway is part of; empty when clustering is off. */
  public Optional<HazelcastFleet> fleet() {
    return Optional.ofNullable(hazelcast);
  }

  /** The port of the management server: /metrics, the flags export, health. */
  public int managementPort() {
    return managementPort;
  }

  public int port() {
    return port;
  }

  /** The network transport this gateway's Vert.x runs on: nio, epoll or io_uring. */
  public String transport() {
    return io.pulsechat.gateway.vertx.NetworkTransport.runningOn(vertx);
  }

  public Lifecycle lifecycle() {
    return lifecycle;
  }

  /** The sentiment model in use; swapped when the model store publishes a new one. */
  public ModelHolder model() {
    return model;
  }

  private Future<Gateway> boot(PrometheusMeterRegistry registry) {
    AwsClients aws = AwsClients.fromDefaultChain(config.awsRegion());
    GatewayMetrics metrics = new GatewayMetrics(withCloudWatch(registry, aws), config.deliveryTrace());
    jvmMeters = JvmMeters.bind(metrics.registry());
    String nodeTag = nodeTag();
    var limits = config.protocolLimits();
    events = EventPublishers.create(vertx, config.aws(), aws, registry);
    MessageListener messageCreated = EventPublishers.messageCreated(events, config.aws());
    // Every alert is logged and counted, then goes to EventBridge (or the log) as a SentimentAlert event.
    LoggedSentimentAlerts alerts = new LoggedSentimentAlerts(metrics,
        alert -> {
          events.publish(ChatEvent.sentimentAlert(alert));
          // Token mode: the room's moderators read it (GET /api/rooms/{room}/alerts) to act on its messages.
          if (config.auth().tokens() && insights != null) {
            new AlertLog(insights.access()).raise(alert);
          }
        });
    // Reading the models is blocking, so not on an event loop; it overlaps opening storage, since
    // the accurate model's encoder takes seconds to load.
    Future<Scorers.Loaded> loading = vertx.executeBlocking(() -> Scorers.load(config.scoring(), metrics), false);
    return Storage.open(vertx, config, registry)
        .compose(opened -> {
          storage = opened;
          insights = opened.insights();
          // Private rooms and moderation need to know who is who: token mode only. One cache for the node.
          access = config.auth().tokens() ? new AccessControl(insights.access(), config.access().cacheTtl(),
              config.access().cacheRooms(), System::currentTimeMillis) : null;
          return loading;
        })
        .map(scorers -> {
          this.scorers = scorers;
          model = scorers.holder();
          return scorers.holder();
        })
        .compose(model -> joinFleet(metrics.trace()).map(model))
        .compose(model -> {
          RoomShard.Setup setup = new RoomShard.Setup(
              new RoomShard.Settings(nodeTag, config.largeRoomThreshold(), config.moodWindow(),
                  new RoomBounds(limits.maxRooms(), limits.emptyRoomKeep(), limits.maxEmptyRooms())
                      .perShard(config.roomShards()),
                  config.moodFlush(), config.alertScore(), config.alertMinMessages()),
              storage.store(), insights.mood(), alerts,
              fleet, model, metrics,
              System::currentTimeMillis, lifecycle::draining, messageCreated, messageRules());
          List<Future<String>> shards = new ArrayList<>();
          for (int i = 0; i < config.roomShards(); i++) {
            shards.add(vertx.deployVerticle(new RoomShardVerticle(i, setup)));
          }
          return Future.all(shards).map(all -> {
            shards.forEach(f -> shardDeployments.add(f.result()));
            return null;
          });
        })
        .compose(v -> deployApiGateway(aws, metrics))
        .compose(v -> watchModelStore(metrics))
        // Vert.x shares one random port among servers listening on -1; port 0 would give each its own.
        .compose(v -> deployServers(config.port() == 0 ? -1 : config.port(), config.eventLoops(), registry, metrics))
        .map(boundPort -> {
          port = boundPort;
          lifecycle.moveTo(Lifecycle.State.SERVING);
          log.info("PulseChat gateway serving on port {} ({} event loops, {} room shards, node {})", port,
              config.eventLoops(), config.roomShards(), nodeTag);
          return this;
        });
  }

  /**
   * Clustered: joins the fleet, whose map says which node owns which room, and starts this
   * node's frame relay. Alone: every room belongs to one of this process's shards.
   */
  private Future<Void> joinFleet(DeliveryTrace trace) {
    // Longer than storage takes to answer truthfully, plus a margin for scoring and the event bus.
    Duration replyTimeout = WriteBehindSettings.answerWithin(config.writeRetryBudget()).plus(Duration.ofSeconds(10));
    if (!vertx.isClustered()) {
      fleet = Fleet.alone(config.roomShards());
      node = fleet.node();
      directory = new EventBusRoomDirectory(vertx.eventBus(), fleet, config.roomShards(), replyTimeout);
      return Future.succeededFuture();
    }
    var cluster = (HazelcastClusterManager) ((VertxInternal) vertx).clusterManager();
    return HazelcastFleet.join(vertx, cluster, config.roomShards())
        .compose(joined -> {
          fleet = joined;
          hazelcast = joined;
          node = joined.node();
          directory = new EventBusRoomDirectory(vertx.eventBus(), joined, config.roomShards(), replyTimeout);
          return vertx.deployVerticle(new NodeRelayVerticle(node, joined::nodes, trace));
        })
        .map(id -> {
          shardDeployments.add(id);
          log.info("Joined fleet {} as node {} ({} nodes)", config.cluster().name(), node, fleet.nodes().size());
          return null;
        });
  }

  /** One verifier for every loop and front door: it holds the JWKS, fetched once for all; null in open mode. */
  private TokenVerifier tokens() {
    if (tokenVerifier == null && config.auth().tokens()) {
      tokenVerifier = TokenVerifier.create(vertx, config.auth());
    }
    return tokenVerifier;
  }

  /**
   * Private rooms and moderation need to know who is who: token mode only (null otherwise). One
   * for every loop and both front doors, over the node's one cache of rules.
   */
  private RoomAdmin roomAdmin() {
    if (roomAdmin == null && access != null) {
      roomAdmin = new RoomAdmin(access, storage.store(), directory, events, config.access().maxRules());
    }
    return roomAdmin;
  }

  private ConnectionHomes homes() {
    return hazelcast == null ? ConnectionHomes.local(node)
        : ConnectionHomes.of(hazelcast.connections()::holderOf, hazelcast.connections()::release,
            hazelcast.connections()::onOrphaned);
  }

  private Future<Void> watchModelStore(GatewayMetrics metrics) {
    if (!ModelSources.configured(config)) {
      metrics.modelInUse(model.version());
      return Future.succeededFuture();
    }
    return vertx.deployVerticle(new ModelWatcher(context -> ModelSources.forConfig(vertx, context, config), model,
            metrics, config.modelPoll()))
        .map(id -> {
          watcherDeployment = id;
          return null;
        });
  }

  /** In API Gateway mode, one verticle (one event loop) holds every API Gateway connection. */
  private Future<Void> deployApiGateway(AwsClients aws, GatewayMetrics metrics) {
    if (config.aws().frontDoor() != GatewayConfig.FrontDoor.ApiGateway) {
      return Future.succeededFuture();
    }
    var client = aws.apiGateway(config.aws().apigwEndpoint().orElseThrow(), config.aws().apigwConcurrency());
    // Token mode: who a connection is comes from the record its $connect Lambda wrote.
    var connections = config.auth().tokens()
        ? (config.awsRegion().isEmpty() ? AwsClients.forLocalEndpoints() : aws)
            .dynamoDb(config.dynamoDbEndpoint(), java.time.Duration.ofSeconds(5))
        : null;
    return vertx.deployVerticle(new ApiGatewayFrontDoor(config, node, homes(), directory, storage.store(),
            insights.feedback(), insights.reads(), roomAdmin(), metrics, sessionLimits, client, tokens(), connections))
        .map(id -> {
          shardDeployments.add(0, id);
          return null;
        });
  }

  /**
   * With CHAT_METRICS_NAMESPACE set, the gateway's meters also go to CloudWatch once a minute;
   * Prometheus keeps serving /metrics either way.
   */
  private io.micrometer.core.instrument.MeterRegistry withCloudWatch(PrometheusMeterRegistry prometheus,
                                                                     AwsClients aws) {
    if (config.aws().metricsNamespace().isEmpty()) {
      return prometheus;
    }
    cloudWatch = CloudWatchMetrics.registry(config.aws().metricsNamespace().get(), config.aws().asgName(),
        aws.cloudWatch(Optional.empty()));
    cloudWatch.start(java.util.concurrent.Executors.defaultThreadFactory());
    return new io.micrometer.core.instrument.composite.CompositeMeterRegistry(
        io.micrometer.core.instrument.Clock.SYSTEM, List.of(prometheus, cloudWatch));
  }

  private Future<Integer> deployServers(int onPort, int instances, PrometheusMeterRegistry registry,
                                        GatewayMetrics metrics) {
    NetMeters netMeters = new NetMeters(registry);
    ConnectionLimits limits = ConnectionLimits.from(config.net());
    io.micrometer.core.instrument.Gauge.builder("pulsechat.connections.held", limits, ConnectionLimits::held)
        .description("TCP connections open (HTTP and WebSocket), against CHAT_MAX_CONNECTIONS").register(registry);
    log.info("Connections: at most {} in all, {} per address{}", limits.maxTotal(),
        limits.maxPerAddress() == 0 ? "no limit" : limits.maxPerAddress(),
        config.net().limitLoopback() ? "" : " (loopback exempt)");
    HealthRoutes health = new HealthRoutes(lifecycle, new HealthRoutes.Details(HealthRoutes.version(), node,
        () -> model.version(), storeDescription(), () -> storage.store().writesFailing(),
        hazelcast == null ? null : () -> hazelcast.nodes().size()));
    OriginPolicy origins = new OriginPolicy(config.net().allowedOrigins());
    TokenVerifier tokens = tokens();
    AuthMeters authMeters = new AuthMeters(registry);
    log.info("Auth: {}", tokens == null ? "open (anyone may join under a free name)"
        : "token (" + config.auth().jwtSecret().map(s -> "HS256").orElse("")
            + config.auth().jwksUrl().map(u -> " RS256/ES256 keys of " + u).orElse("") + ")");
    RoomAdmin admin = roomAdmin();
    BrowserDefaults browser = new BrowserDefaults(origins, netMeters, config.auth().signInOrigins());
    List<ServerVerticle> servers = new ArrayList<>();
    List<Future<String>> deployed = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      ServerVerticle server = new ServerVerticle(config, onPort,
          v -> {
            var api = new HttpApi(v, directory, storage.store(), health, browser, netMeters,
                config.net().maxBodyBytes()).withReadMarkers(insights.reads());
            if (tokens != null) {
              api.guardApi(new ApiTokens(tokens, authMeters)).withRoomAccess(admin);
            }
            var router = api.router(config.publicDir());
            if (config.aws().frontDoor() == GatewayConfig.FrontDoor.ApiGateway) {
              ApiGatewayRoute.mount(router, v, homes(), config.auth().apigwSecret());
            }
            return router;
          },
          v -> new ChatSocketHandler(v, config, lifecycle, directory, storage.store(), insights.feedback(),
              insights.reads(), metrics, sessionLimits, tokens, authMeters, admin), limits, netMeters, origins);
      servers.add(server);
      deployed.add(vertx.deployVerticle(server, new DeploymentOptions().setThreadingModel(ThreadingModel.EVENT_LOOP)));
    }
    ManagementVerticle management = new ManagementVerticle(config, v -> new ManagementApi(v, insights.feedback(),
        registry, health, netMeters, config.net().maxBodyBytes()).router());
    return Future.all(deployed)
        .compose(all -> {
          deployed.forEach(f -> serverDeployments.add(f.result()));
          return vertx.deployVerticle(management);
        })
        .map(id -> {
          serverDeployments.add(id);
          managementPort = management.actualPort();
          log.info("Management server (/metrics, /api/feedback.jsonl, health) on {}:{}", config.net().managementHost(),
              managementPort);
          return servers.get(0).actualPort();
        });
  }

  /** Which store /health names: never a credential, only the kind and where. */
  private String storeDescription() {
    if (config.store() == GatewayConfig.Store.SQLITE) {
      return "sqlite (" + config.dataDir().resolve(io.pulsechat.gateway.store.SqliteDatabase.FILE_NAME) + ")";
    }
    if (config.embeddedDynamoDb()) {
      return "dynamodb-local (embedded, " + config.dataDir() + ")";
    }
    return "dynamodb (" + config.dynamoDbEndpoint().map(Object::toString).orElseGet(() -> config.awsRegion().orElse("")) + ")";
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
        .compose(v -> events.flush())
        .timeout(graceMs, java.util.concurrent.TimeUnit.MILLISECONDS)
        .onFailure(e -> log.warn("Shutdown grace ran out before storage finished: {}", e.toString()))
        .otherwiseEmpty();
    return drained
        .compose(v -> watcherDeployment == null ? Future.succeededFuture() : vertx.undeploy(watcherDeployment))
        .compose(v -> undeployAll(serverDeployments))
        .compose(v -> undeployAll(shardDeployments))
        // Messages still waiting for the accurate model are answered by the fast one.
        .eventually(() -> scorers == null ? Future.succeededFuture()
            : vertx.executeBlocking(() -> { scorers.close(); return null; }, false))
        .eventually(() -> storage == null ? Future.succeededFuture() : storage.close())
        .eventually(() -> events == null ? Future.succeededFuture() : events.close())
        // Closing publishes the last minute and waits for CloudWatch's answer: not on a loop.
        .eventually(() -> cloudWatch == null ? Future.succeededFuture()
            : vertx.executeBlocking(() -> { cloudWatch.close(); return null; }, false))
        .eventually(() -> ownsVertx ? vertx.close() : Future.succeededFuture())
        .onComplete(ar -> {
          if (jvmMeters != null) {
            jvmMeters.close();
          }
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

  /** What members may do to released messages, from the configuration; in token mode moderators delete too. */
  private MessageRules messageRules() {
    GatewayConfig.Conversation c = config.conversation();
    return new MessageRules(new Reactions.Limits(c.maxReactionEmoji(), c.maxReactionsPerUser(),
        c.maxReactionsPerMessage()), c.typingInterval().toMillis(),
        access == null ? MessageRules.DeletePermission.AUTHOR_ONLY : new ModeratorDeletes(access));
  }
}
