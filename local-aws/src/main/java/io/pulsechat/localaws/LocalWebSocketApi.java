package io.pulsechat.localaws;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for the stack's API Gateway WebSocket API (cloudformation/pulsechat.yaml,
 * {@code WebSocketApi} and its routes) on one port:
 * <ul>
 *   <li>{@code ws://host:port/<stage>?user=...}: the upgrade runs the real {@code $connect}
 *       handler with the event API Gateway sends; a non-2xx answer refuses the upgrade with that
 *       status;</li>
 *   <li>each text frame is routed by {@code $request.body.type}; the stack has only
 *       {@code $default}, an {@code HTTP_PROXY} integration that POSTs the frame to the fleet's
 *       {@code /apigw/messages} with the {@code ConnectionId}, {@code X-PulseChat-Received-At} and
 *       {@code X-PulseChat-Source-Ip} headers, each frame on its own as API Gateway does (so they may overtake each other), through the NLB (here:
 *       round-robin over the integration URLs); a non-empty 2xx answer goes back to the sender
 *       (the two-way route);</li>
 *   <li>a close, an idle connection (10 min) or one at its lifetime (2 h) runs
 *       {@code $disconnect};</li>
 *   <li>{@code /<stage>/@connections/{id}}: POST, GET, DELETE of the management API, checked
 *       for SigV4, 410 for a connection that is gone, 429 over a connection's or the account's
 *       rate ({@link ConnectionsApi}).</li>
 * </ul>
 * README.md in this module lists where it differs from the real service.
 */
public final class LocalWebSocketApi {
  private static final Logger log = LoggerFactory.getLogger(LocalWebSocketApi.class);
  /** The stack's routes besides $connect/$disconnect: only $default. */
  private static final Set<String> ROUTE_KEYS = Set.of(RouteSelection.DEFAULT);

  /**
   * @param integrations       where $default's HTTP_PROXY integration POSTs (the NLB's targets)
   * @param maxMessageBytes    API Gateway's message limit (128 KB); a larger message closes with 1009
   * @param idleTimeout        closed after this long without a frame either way (10 min)
   * @param maxConnection      closed after this long in any case (2 h)
   * @param integrationTimeout the integration's TimeoutInMillis (29 s)
   * @param accountPerSecond   the account's request rate (10,000/s), shared by frames in and @connections calls
   * @param accountBurst       its burst (5,000)
   * @param connectionPerSecond @connections calls one connection may take per second
   */
  public record Settings(String host, int port, String stage, String apiId, List<URI> integrations,
                         int maxMessageBytes, Duration idleTimeout, Duration maxConnection,
                         Duration integrationTimeout, double accountPerSecond, double accountBurst,
                         double connectionPerSecond, String integrationSecret) {
    /** As the stack's settings before the integration secret ({@code integrationSecret} empty: no header). */
    public Settings(String host, int port, String stage, String apiId, List<URI> integrations, int maxMessageBytes,
                    Duration idleTimeout, Duration maxConnection, Duration integrationTimeout, double accountPerSecond,
                    double accountBurst, double connectionPerSecond) {
      this(host, port, stage, apiId, integrations, maxMessageBytes, idleTimeout, maxConnection, integrationTimeout,
          accountPerSecond, accountBurst, connectionPerSecond, "");
    }

    public static Settings defaults(int port, List<URI> integrations) {
      return new Settings("127.0.0.1", port, "prod", "local", integrations, 128 * 1024, Duration.ofMinutes(10),
          Duration.ofHours(2), Duration.ofMillis(29_000), 10_000, 5_000, 1_000);
    }

    /** These settings with the secret the stack's integration sends as {@code X-PulseChat-Secret}. */
    public Settings withIntegrationSecret(String secret) {
      return new Settings(host, port, stage, apiId, integrations, maxMessageBytes, idleTimeout, maxConnection,
          integrationTimeout, accountPerSecond, accountBurst, connectionPerSecond, secret);
    }
  }

  /** One open connection, as API Gateway keeps it. */
  final class Connection {
    final String id;
    final ServerWebSocket socket;
    final LambdaEvents.Upgrade upgrade;
    final TokenBucket posts = new TokenBucket(settings.connectionPerSecond(), settings.connectionPerSecond());
    volatile long lastActiveAt;
    long idleTimer;
    long lifetimeTimer;

    Connection(String id, ServerWebSocket socket, LambdaEvents.Upgrade upgrade) {
      this.id = id;
      this.socket = socket;
      this.upgrade = upgrade;
      this.lastActiveAt = upgrade.connectedAt();
    }

    void active() {
      lastActiveAt = System.currentTimeMillis();
      vertx.cancelTimer(idleTimer);
      idleTimer = vertx.setTimer(settings.idleTimeout().toMillis(), t -> socket.close((short) 1001, "Going away"));
    }

    /** Sends one frame to the client (from the two-way route or from @connections). */
    void send(String frame) {
      socket.writeTextMessage(frame);
      active();
    }
  }

  private final Vertx vertx;
  private final Settings settings;
  private final RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> connectHandler;
  private final RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> disconnectHandler;
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();
  private final TokenBucket account;
  private final Targets integrations;
  private final HttpClient integrationClient;
  private HttpServer server;

  public LocalWebSocketApi(Vertx vertx, Settings settings,
                           RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> connectHandler,
                           RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> disconnectHandler) {
    this.vertx = vertx;
    this.settings = settings;
    this.connectHandler = connectHandler;
    this.disconnectHandler = disconnectHandler;
    this.account = new TokenBucket(settings.accountPerSecond(), settings.accountBurst());
    this.integrations = new Targets(settings.integrations());
    this.integrationClient = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
  }

  public Future<LocalWebSocketApi> start() {
    return warmUp().compose(v -> listen());
  }

  /**
   * One $connect and $disconnect of a connection that never opens (its record is written, then
   * deleted; in token mode refused), so that the first real upgrade does not wait seconds for a
   * cold handler and its DynamoDB client.
   */
  private Future<Void> warmUp() {
    long now = System.currentTimeMillis();
    MultiMap query = MultiMap.caseInsensitiveMultiMap().add("user", "warm-up");
    LambdaEvents.Upgrade none = new LambdaEvents.Upgrade(Ids.connectionId(), MultiMap.caseInsensitiveMultiMap(),
        query, "127.0.0.1", "localhost", now);
    return invoke("connect", connectHandler, LambdaEvents.connect(none, settings.apiId(), settings.stage(), now))
        .compose(r -> invoke("disconnect", disconnectHandler,
            LambdaEvents.disconnect(none, settings.apiId(), settings.stage(), now)))
        .<Void>mapEmpty().otherwise(e -> {
          log.warn("Warming the $connect/$disconnect handlers failed: {}", e.toString());
          return null;
        });
  }

  private Future<LocalWebSocketApi> listen() {
    ConnectionsApi management = new ConnectionsApi(this);
    server = vertx.createHttpServer(new HttpServerOptions().setMaxWebSocketMessageSize(settings.maxMessageBytes())
            .setMaxWebSocketFrameSize(settings.maxMessageBytes()))
        // The upgrade's own handshake handler may decide later: $connect runs first, off the loop.
        .webSocketHandshakeHandler(this::handshake)
        .requestHandler(request -> {
          if (request.path().startsWith("/" + settings.stage() + "/@connections/")) {
            management.handle(request);
          } else {
            request.response().setStatusCode(403).putHeader("x-amzn-ErrorType", "ForbiddenException")
                .end(new JsonObject().put("message", "Forbidden").encode());
          }
        });
    return server.listen(settings.port(), settings.host()).map(s -> {
      log.info("API Gateway WebSocket stand-in on ws://{}:{}/{} (@connections at http://{}:{}/{}), integration {}",
          settings.host(), s.actualPort(), settings.stage(), settings.host(), s.actualPort(), settings.stage(),
          settings.integrations());
      return this;
    });
  }

  public int port() {
    return server.actualPort();
  }

  /** The wss URL clients connect to; here ws, without TLS. */
  public URI webSocketUrl() {
    return URI.create("ws://" + settings.host() + ":" + port() + "/" + settings.stage());
  }

  /** CHAT_APIGW_ENDPOINT for the gateways: the @connections base. */
  public URI managementEndpoint() {
    return URI.create("http://" + settings.host() + ":" + port() + "/" + settings.stage());
  }

  public Future<Void> close() {
    connections.values().forEach(c -> c.socket.close((short) 1001, "Going away"));
    return server == null ? Future.succeededFuture() : server.close();
  }

  Settings settings() {
    return settings;
  }

  Connection connection(String id) {
    return connections.get(id);
  }

  boolean takeAccountToken() {
    return account.take();
  }

  Vertx vertx() {
    return vertx;
  }

  // ---- $connect ---------------------------------------------------------------

  /**
   * The upgrade waits for $connect, as API Gateway's does: accepted when the handler answers
   * 2xx, refused with its status otherwise. Vert.x holds the handshake until it is decided.
   */
  private void handshake(ServerWebSocketHandshake handshake) {
    String path = handshake.path();
    if (!path.equals("/" + settings.stage()) && !path.equals("/" + settings.stage() + "/")) {
      handshake.reject(403);
      return;
    }
    if (!account.take()) {
      handshake.reject(429);
      return;
    }
    long now = System.currentTimeMillis();
    String id = Ids.connectionId();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(handshake.headers());
    String sourceIp = handshake.remoteAddress() == null ? "127.0.0.1" : handshake.remoteAddress().hostAddress();
    headers.set("X-Forwarded-For", sourceIp);
    headers.set("X-Forwarded-Port", String.valueOf(port()));
    headers.set("X-Forwarded-Proto", "http");
    LambdaEvents.Upgrade upgrade = new LambdaEvents.Upgrade(id, headers, query(handshake.query()), sourceIp,
        headers.get("Host"), now);
    APIGatewayV2WebSocketEvent event = LambdaEvents.connect(upgrade, settings.apiId(), settings.stage(), now);
    invoke("connect", connectHandler, event).onComplete(ar -> {
      int status = ar.succeeded() ? ar.result().getStatusCode() : 500;
      if (ar.failed()) {
        log.warn("$connect of {} failed: {}", id, ar.cause().toString());
      }
      if (status < 200 || status > 299) {
        handshake.reject(status);
        return;
      }
      handshake.accept().onSuccess(socket -> opened(socket, upgrade))
          .onFailure(e -> {
            // The client left while $connect ran: API Gateway then runs $disconnect for it.
            log.info("Upgrade of {} ended before it opened: {}", id, e.toString());
            invoke("disconnect", disconnectHandler, LambdaEvents.disconnect(upgrade, settings.apiId(),
                settings.stage(), System.currentTimeMillis()));
          });
    });
  }

  private void opened(ServerWebSocket socket, LambdaEvents.Upgrade upgrade) {
    Connection connection = new Connection(upgrade.connectionId(), socket, upgrade);
    connections.put(connection.id, connection);
    connection.active();
    connection.lifetimeTimer = vertx.setTimer(settings.maxConnection().toMillis(),
        t -> socket.close((short) 1001, "Going away"));
    socket.textMessageHandler(frame -> frame(connection, frame));
    socket.binaryMessageHandler(frame -> frame(connection, frame.toString(StandardCharsets.UTF_8)));
    socket.closeHandler(v -> disconnected(connection));
  }

  // ---- frames -----------------------------------------------------------------

  private void frame(Connection connection, String body) {
    connection.active();
    if (!account.take()) {
      connection.send(new JsonObject().put("message", "Too Many Requests").put("connectionId", connection.id)
          .put("requestId", Ids.requestId()).encode());
      return;
    }
    forward(connection, RouteSelection.select(body, ROUTE_KEYS), body, System.currentTimeMillis(),
        integrations.size());
  }

  /** Only $default exists; it is the gateway integration. A target that refuses is skipped and the next one tried. */
  private void forward(Connection connection, String route, String body, long receivedAt, int attemptsLeft) {
    URI target = integrations.next();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(target.toString())
        .setTimeout(settings.integrationTimeout().toMillis())
        .putHeader("ConnectionId", connection.id)
        // As the stack maps context.requestTimeEpoch: the gateway orders a connection's frames by it.
        .putHeader("X-PulseChat-Received-At", Long.toString(receivedAt))
        // As the stack maps context.identity.sourceIp: the gateway bounds flags per client address.
        .putHeader("X-PulseChat-Source-Ip", connection.upgrade.sourceIp())
        .putHeader("Content-Type", "application/json");
    if (!settings.integrationSecret().isEmpty()) {
      // As the stack's integration: a static request parameter the gateways check (AUTH_APIGW_SECRET).
      options.putHeader("X-PulseChat-Secret", settings.integrationSecret());
    }
    integrationClient.request(options)
        .compose(request -> request.send(Buffer.buffer(body, "UTF-8")))
        .compose(response -> response.body().map(answer -> Map.entry(response.statusCode(), answer)))
        .onComplete(ar -> {
          if (ar.failed() && attemptsLeft > 1 && ar.cause() instanceof java.net.ConnectException) {
            integrations.failed(target);
            forward(connection, route, body, receivedAt, attemptsLeft - 1);
            return;
          }
          if (ar.failed() || ar.result().getKey() < 200 || ar.result().getKey() > 299) {
            log.warn("{} integration {} for {} failed: {}", route, target, connection.id,
                ar.failed() ? ar.cause().toString() : "HTTP " + ar.result().getKey());
            connection.send(new JsonObject().put("message", "Internal server error")
                .put("connectionId", connection.id).put("requestId", Ids.requestId()).encode());
            return;
          }
          Buffer answer = ar.result().getValue();
          if (answer.length() > 0 && connections.containsKey(connection.id)) {
            connection.send(answer.toString(StandardCharsets.UTF_8));
          }
        });
  }

  // ---- $disconnect ------------------------------------------------------------

  private void disconnected(Connection connection) {
    if (connections.remove(connection.id) == null) {
      return;
    }
    vertx.cancelTimer(connection.idleTimer);
    vertx.cancelTimer(connection.lifetimeTimer);
    long now = System.currentTimeMillis();
    invoke("disconnect", disconnectHandler, LambdaEvents.disconnect(connection.upgrade, settings.apiId(),
        settings.stage(), now))
        .onFailure(e -> log.warn("$disconnect of {} failed: {}", connection.id, e.toString()));
  }

  /** Lambda runs the handler on its own: here on a worker thread, never on the event loop. */
  private Future<APIGatewayV2WebSocketResponse> invoke(String function,
      RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> handler,
      APIGatewayV2WebSocketEvent event) {
    return vertx.executeBlocking(() -> handler.handleRequest(event,
        new LocalLambdaContext(function, event.getRequestContext().getRequestId())), false);
  }

  private static MultiMap query(String query) {
    MultiMap values = MultiMap.caseInsensitiveMultiMap();
    if (query == null || query.isEmpty()) {
      return values;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      values.add(name, value);
    }
    return values;
  }
}
