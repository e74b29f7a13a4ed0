package io.pulsechat.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import io.pulsechat.lambdas.ConnectHandler;
import io.pulsechat.lambdas.DisconnectHandler;
import io.pulsechat.lambdas.LambdaConfig;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The stand-in driven as the deployed stack is: a WebSocket client connects with {@code ?user=},
 * the real $connect/$disconnect handlers keep their records in DynamoDB Local, frames reach an
 * integration server with the {@code ConnectionId} header, and the AWS SDK's management client
 * (SigV4-signed, as the gateway's) posts, reads and deletes connections.
 */
class LocalWebSocketApiIT {
  private static final String TABLE = "local-connections";

  private static DynamoDBProxyServer dynamoDbLocal;
  private static DynamoDbClient dynamoDb;
  private static Vertx vertx;
  private static HttpServer integration;
  private static LocalWebSocketApi api;
  private static ApiGatewayManagementApiClient management;
  private static WebSocketClient webSockets;
  private static io.vertx.core.http.HttpClient http;
  private static final List<Map.Entry<MultiMap, String>> integrated = new CopyOnWriteArrayList<>();

  private final List<WebSocket> sockets = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    dynamoDbLocal = ServerRunner.createServerFromCommandLineArgs(new String[] {"-inMemory", "-port", String.valueOf(port)});
    dynamoDbLocal.start();
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCALTEST0000000", "secret"));
    dynamoDb = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
        .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    dynamoDb.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(a -> a.attributeName("connectionId").attributeType(ScalarAttributeType.S))
        .keySchema(k -> k.attributeName("connectionId").keyType(KeyType.HASH)));
    // The handlers' DynamoDB client takes the default credential chain, as in Lambda.
    System.setProperty("aws.accessKeyId", "AKIDLOCALTEST0000000");
    System.setProperty("aws.secretAccessKey", "secret");
    LambdaConfig lambdas = LambdaConfig.from(Map.of("CONNECTIONS_TABLE", TABLE,
        "DYNAMODB_ENDPOINT", endpoint.toString(), "AWS_REGION", "us-east-1"));

    vertx = Vertx.vertx();
    webSockets = vertx.createWebSocketClient();
    http = vertx.createHttpClient();
    // The gateway's side of $default: records the frame, answers a send with an ack (two-way route).
    integration = await(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      integrated.add(Map.entry(MultiMap.caseInsensitiveMultiMap().addAll(req.headers()).add(":path", req.path())
          .add(":method", req.method().name()), body.toString()));
      JsonObject frame = new JsonObject(body);
      req.response().end("send".equals(frame.getString("type"))
          ? new JsonObject().put("type", "ack").put("clientMsgId", frame.getString("clientMsgId")).encode() : "");
    })).listen(0, "127.0.0.1"));
    LocalWebSocketApi.Settings defaults = LocalWebSocketApi.Settings.defaults(0,
        List.of(URI.create("http://127.0.0.1:" + integration.actualPort() + "/apigw/messages")));
    // A connection may take 5 @connections calls a second here, so that the test can pass it.
    LocalWebSocketApi.Settings settings = new LocalWebSocketApi.Settings(defaults.host(), 0, defaults.stage(),
        defaults.apiId(), defaults.integrations(), defaults.maxMessageBytes(), defaults.idleTimeout(),
        defaults.maxConnection(), defaults.integrationTimeout(), defaults.accountPerSecond(), defaults.accountBurst(), 5);
    api = await(new LocalWebSocketApi(vertx, settings, new ConnectHandler(lambdas), new DisconnectHandler(lambdas))
        .start());
    management = ApiGatewayManagementApiClient.builder().endpointOverride(api.managementEndpoint())
        .region(Region.US_EAST_1).credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
  }

  @AfterAll
  static void stop() throws Exception {
    if (management != null) {
      management.close();
    }
    if (vertx != null) {
      await(api.close());
      await(vertx.close());
    }
    if (dynamoDb != null) {
      dynamoDb.close();
    }
    if (dynamoDbLocal != null) {
      dynamoDbLocal.stop();
    }
  }

  @AfterEach
  void closeSockets() {
    sockets.forEach(WebSocket::close);
  }

  @Test
  void connectRunsTheRealHandlerAndDisconnectRemovesTheRecord() throws Exception {
    Client alice = connect("alice");
    String id = alice.connectionId();
    Map<String, AttributeValue> record = dynamoDb.getItem(r -> r.tableName(TABLE)
        .key(Map.of("connectionId", AttributeValue.fromS(id)))).item();
    assertThat(record.get("user").s()).isEqualTo("alice");

    await(alice.socket.close());
    waitUntil(() -> !dynamoDb.getItem(r -> r.tableName(TABLE).key(Map.of("connectionId", AttributeValue.fromS(id))))
        .hasItem(), Duration.ofSeconds(10));
  }

  @Test
  void anUpgradeWithoutAUserIsRefusedByConnect() {
    assertThatThrownBy(() -> await(client().connect(api.port(), "127.0.0.1", "/prod")))
        .hasCauseInstanceOf(UpgradeRejectedException.class)
        .cause().satisfies(e -> assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(400));
  }

  @Test
  void framesReachTheIntegrationWithTheConnectionIdAndItsAnswerComesBack() throws Exception {
    Client bob = connect("bob");
    bob.socket.writeTextMessage(new JsonObject().put("type", "send").put("room", "r").put("text", "hi")
        .put("clientMsgId", "c1").encode());
    JsonObject ack = new JsonObject(bob.frames.poll(10, TimeUnit.SECONDS));
    assertThat(ack.getString("type")).isEqualTo("ack");
    Map.Entry<MultiMap, String> call = integrated.stream()
        .filter(e -> e.getValue().contains("\"c1\"")).findFirst().orElseThrow();
    assertThat(call.getKey().get(":method")).isEqualTo("POST");
    assertThat(call.getKey().get(":path")).isEqualTo("/apigw/messages");
    assertThat(call.getKey().get("ConnectionId")).isEqualTo(bob.connectionId());
  }

  @Test
  void managementApiPostsReadsAndDeletesConnectionsAndGoneIs410() throws Exception {
    Client carol = connect("carol");
    String id = carol.connectionId();
    management.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("{\"type\":\"pong\"}")));
    assertThat(carol.frames.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"pong\"}");

    var info = management.getConnection(r -> r.connectionId(id));
    assertThat(info.identity().sourceIp()).isEqualTo("127.0.0.1");
    assertThat(info.connectedAt()).isNotNull();

    management.deleteConnection(r -> r.connectionId(id));
    waitUntil(carol.socket::isClosed, Duration.ofSeconds(10));
    assertThatThrownBy(() -> management.postToConnection(r -> r.connectionId(id)
        .data(SdkBytes.fromUtf8String("{}")))).isInstanceOf(GoneException.class)
        .satisfies(e -> assertThat(((GoneException) e).statusCode()).isEqualTo(410));
  }

  @Test
  void postsOverAConnectionsRateAre429() throws Exception {
    Client dave = connect("dave");
    String id = dave.connectionId();
    int throttled = 0;
    int delivered = 0;
    long start = System.nanoTime();
    for (int i = 0; i < 30; i++) {
      try {
        management.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("{}")));
        delivered++;
      } catch (LimitExceededException e) {
        assertThat(e.statusCode()).isEqualTo(429);
        throttled++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    // 5 a second with a burst of 5: whatever the machine's speed, no more got through than that
    assertThat(throttled).isPositive();
    assertThat(delivered).isLessThanOrEqualTo((int) (5 + 5 * seconds) + 1);
  }

  @Test
  void unsignedManagementCallsAreForbidden() throws Exception {
    Client erin = connect("erin");
    var response = await(http.request(HttpMethod.POST, api.port(), "127.0.0.1",
            "/prod/@connections/" + java.net.URLEncoder.encode(erin.connectionId(), "UTF-8"))
        .compose(req -> req.send("{}")).compose(r -> r.body().map(b -> Map.entry(r.statusCode(),
            r.getHeader("x-amzn-ErrorType")))));
    assertThat(response.getKey()).isEqualTo(403);
    assertThat(response.getValue()).isEqualTo("ForbiddenException");
    assertThat(erin.frames).isEmpty();
  }

  // ---- helpers ------------------------------------------------------------------

  /** One browser-like client and the frames it received. */
  private record Client(WebSocket socket, BlockingQueue<String> frames, String user) {
    /** The connection id API Gateway gave it, as the integration saw it on a ping. */
    String connectionId() throws Exception {
      String marker = "ping-" + user + "-" + System.nanoTime();
      socket.writeTextMessage(new JsonObject().put("type", "ping").put("marker", marker).encode());
      waitUntil(() -> integrated.stream().anyMatch(e -> e.getValue().contains(marker)), Duration.ofSeconds(10));
      return integrated.stream().filter(e -> e.getValue().contains(marker)).findFirst().orElseThrow()
          .getKey().get("ConnectionId");
    }
  }

  private Client connect(String user) throws Exception {
    WebSocket socket = await(client().connect(api.port(), "127.0.0.1", "/prod?user=" + user));
    sockets.add(socket);
    BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    socket.textMessageHandler(frames::add);
    return new Client(socket, frames, user);
  }

  /**
   * One client for the class, held until the end: a client nobody references is closed by Vert.x's
   * cleaner when it is garbage collected, with its connections, even in the middle of a handshake.
   */
  private static WebSocketClient client() {
    return webSockets;
  }

  private static void waitUntil(BooleanSupplier condition, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(condition.getAsBoolean()).as("within " + limit.toSeconds() + " s").isTrue();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
