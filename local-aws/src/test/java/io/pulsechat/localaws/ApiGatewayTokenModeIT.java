package io.pulsechat.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import io.pulsechat.lambdas.ConnectHandler;
import io.pulsechat.lambdas.DisconnectHandler;
import io.pulsechat.lambdas.LambdaConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * {@code AUTH_MODE=token} through the API Gateway front door: the stand-in runs the real
 * {@code $connect} Lambda in token mode, and a real gateway process (gateway.jar, API Gateway
 * mode) takes the user from the record that Lambda wrote, never from a frame.
 */
class ApiGatewayTokenModeIT {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path LOG = Path.of("target", "token-mode-gateway.log").toAbsolutePath();
  private static final String SECRET = "a-test-secret-of-at-least-32-bytes-for-hs256";
  private static final String KEY = "local";

  private static DynamoDBProxyServer dynamoDbLocal;
  private static Vertx vertx;
  private static LocalWebSocketApi api;
  private static Process gateway;
  private static JWTAuth minter;
  /** Held for the class: a client nobody references is closed when collected, even mid-handshake. */
  private static WebSocketClient webSockets;

  private final List<WebSocket> sockets = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    assertThat(REPO.resolve("gateway/target/gateway.jar")).as("built by ./mvnw package").exists();
    int dynamoPort = freePort();
    dynamoDbLocal = ServerRunner.createServerFromCommandLineArgs(
        new String[] {"-inMemory", "-port", String.valueOf(dynamoPort)});
    dynamoDbLocal.start();
    URI dynamoDb = URI.create("http://127.0.0.1:" + dynamoPort);
    try (DynamoDbClient client = DynamoDbClient.builder().endpointOverride(dynamoDb).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, KEY)))
        .httpClient(UrlConnectionHttpClient.create()).build()) {
      client.createTable(r -> r.tableName(Rehearsal.CONNECTIONS_TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
          .attributeDefinitions(a -> a.attributeName("connectionId").attributeType(ScalarAttributeType.S))
          .keySchema(k -> k.attributeName("connectionId").keyType(KeyType.HASH)));
    }
    // The handlers' DynamoDB client takes the default credential chain, as in Lambda.
    System.setProperty("aws.accessKeyId", KEY);
    System.setProperty("aws.secretAccessKey", KEY);
    LambdaConfig lambdas = LambdaConfig.from(Map.of("CONNECTIONS_TABLE", Rehearsal.CONNECTIONS_TABLE,
        "DYNAMODB_ENDPOINT", dynamoDb.toString(), "AWS_REGION", "us-east-1",
        "AUTH_MODE", "token", "AUTH_JWT_SECRET", SECRET));

    vertx = Vertx.vertx();
    webSockets = vertx.createWebSocketClient();
    minter = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET)));
    int gatewayPort = freePort();
    String integrationSecret = Ids.requestId();
    api = await(new LocalWebSocketApi(vertx, LocalWebSocketApi.Settings.defaults(0,
            List.of(URI.create("http://127.0.0.1:" + gatewayPort + "/apigw/messages")))
        .withIntegrationSecret(integrationSecret), new ConnectHandler(lambdas), new DisconnectHandler(lambdas))
        .start());

    Path data = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "token-mode-");
    ProcessBuilder builder = new ProcessBuilder("java", "-Xmx384m", "-jar",
        REPO.resolve("gateway/target/gateway.jar").toString())
        .redirectErrorStream(true).redirectOutput(LOG.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("CHAT_") || k.startsWith("AUTH_") || k.startsWith("CLUSTER_"));
    env.putAll(new HashMap<>(Map.ofEntries(
        Map.entry("PORT", String.valueOf(gatewayPort)), Map.entry("HOST", "127.0.0.1"),
        Map.entry("MANAGEMENT_PORT", "0"), Map.entry("DATA_DIR", data.toString()),
        Map.entry("CHAT_FRONT_DOOR", "ApiGateway"),
        Map.entry("CHAT_APIGW_ENDPOINT", api.managementEndpoint().toString()),
        Map.entry("AUTH_APIGW_SECRET", integrationSecret),
        Map.entry("AUTH_MODE", "token"), Map.entry("AUTH_JWT_SECRET", SECRET),
        Map.entry("DYNAMODB_ENDPOINT", dynamoDb.toString()), Map.entry("AWS_REGION", "us-east-1"),
        Map.entry("AWS_ACCESS_KEY_ID", KEY), Map.entry("AWS_SECRET_ACCESS_KEY", KEY),
        Map.entry("CLUSTER_ENABLED", "false"))));
    gateway = builder.start();
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (true) {
      assertThat(gateway.isAlive()).as("the gateway is running; see " + LOG).isTrue();
      assertThat(System.nanoTime()).as("the gateway is ready within 3 minutes; see " + LOG).isLessThan(deadline);
      try {
        if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + "/health/ready")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          break;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (gateway != null) {
      gateway.destroy();
      if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
        gateway.destroyForcibly();
      }
    }
    if (vertx != null) {
      await(api.close());
      await(vertx.close());
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
  void anUpgradeWithoutATokenIsRefusedWith401() {
    assertRefused("/prod?user=mallory");
  }

  @Test
  void anUpgradeWithATokenSignedWithAnotherKeyIsRefusedWith401() {
    JWTAuth other = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer("another-secret-of-at-least-32-bytes-long")));
    assertRefused("/prod?token=" + other.generateToken(new JsonObject().put("sub", "alice"),
        new JWTOptions().setExpiresInSeconds(600)));
  }

  @Test
  void anUpgradeWithAnExpiredTokenIsRefusedWith401() {
    long past = System.currentTimeMillis() / 1000 - 3600;
    assertRefused("/prod?token=" + minter.generateToken(new JsonObject().put("sub", "alice").put("exp", past)
        .put("iat", past - 60), new JWTOptions().setNoTimestamp(true)));
  }

  @Test
  void anUpgradeWithAGarbledTokenIsRefusedWith401() {
    assertRefused("/prod?token=" + URLEncoder.encode("not.a.jwt", StandardCharsets.UTF_8));
  }

  @Test
  void aValidTokenJoinsAsItsSubAndChats() throws Exception {
    Client alice = connect("alice");
    alice.send(new JsonObject().put("type", "join").put("room", "secured").put("user", "alice"));
    assertThat(alice.next("joined").getString("user")).isEqualTo("alice");
    alice.send(new JsonObject().put("type", "send").put("room", "secured").put("text", "hello, signed")
        .put("clientMsgId", "a-1"));
    assertThat(alice.next("ack").getString("clientMsgId")).isEqualTo("a-1");
  }

  @Test
  void aJoinNamingAnotherUserIsForbidden() throws Exception {
    Client bob = connect("bob");
    bob.send(new JsonObject().put("type", "join").put("room", "secured").put("user", "alice"));
    JsonObject error = bob.next("error");
    assertThat(error.getString("code")).isEqualTo("forbidden");
    // and no frame can make the connection alice's later either
    bob.send(new JsonObject().put("type", "join").put("room", "secured").put("user", "bob"));
    assertThat(bob.next("joined").getString("user")).isEqualTo("bob");
    bob.send(new JsonObject().put("type", "join").put("room", "other").put("user", "alice"));
    assertThat(bob.next("error").getString("code")).isEqualTo("forbidden");
  }

  @Test
  void conversationFramesFlagsAndReadMarkersWorkThroughApiGateway() throws Exception {
    String room = "conversation-" + System.nanoTime();
    Client alice = connect("alice");
    Client bob = connect("bob");
    join(alice, room, "alice");
    join(bob, room, "bob");
    String first = say(alice, room, "hello @bob, look", "c-1");
    assertThat(bob.next("message").getJsonArray("mentions")).containsExactly("bob");
    String second = say(alice, room, "a second one", "c-2");
    String third = say(alice, room, "a third one", "c-3");

    // read: the marker is the connection's user's (its token's), answered with the unread count
    bob.send(roomFrame("read", room, first));
    JsonObject read = bob.next("read");
    assertThat(read.getString("id")).isEqualTo(first);
    assertThat(read.getInteger("unread")).isEqualTo(2);

    alice.send(roomFrame("edit", room, second).put("text", "a second one, edited"));
    JsonObject edited = bob.next("edited");
    assertThat(edited.getString("text")).isEqualTo("a second one, edited");
    assertThat(edited.getLong("editedTs")).isPositive();
    bob.send(roomFrame("edit", room, second).put("text", "not yours"));
    JsonObject refused = bob.next("error");
    assertThat(refused.getString("code")).isEqualTo("forbidden");
    assertThat(refused.getString("ref")).isEqualTo("edit");

    bob.send(roomFrame("react", room, first).put("emoji", "\uD83D\uDC4D"));
    assertThat(alice.next("reactions").getJsonObject("reactions").getMap()).isEqualTo(Map.of("\uD83D\uDC4D", 1));
    bob.send(roomFrame("unreact", room, first).put("emoji", "\uD83D\uDC4D"));
    assertThat(alice.next("reactions").getJsonObject("reactions").getMap()).isEmpty();

    alice.send(new JsonObject().put("type", "typing").put("room", room));
    assertThat(bob.next("typing").getString("user")).isEqualTo("alice");

    // flag: taken because the integration passes the client's address, which bounds flags over connections
    bob.send(roomFrame("flag", room, first).put("label", "negative"));
    assertThat(bob.next("flagged").getString("label")).isEqualTo("negative");

    alice.send(roomFrame("delete", room, third));
    assertThat(bob.next("deleted").getString("id")).isEqualTo(third);

    // a later connection of bob's is told what came after his marker: the edited one, not the deleted one
    Client again = connect("bob");
    again.send(new JsonObject().put("type", "join").put("room", room).put("user", "bob"));
    assertThat(again.next("joined").getInteger("unread")).isEqualTo(1);
  }

  @Test
  void aPrivateRoomIsClosedToOthersThroughApiGatewayToo() throws Exception {
    String room = "private-" + System.nanoTime();
    Client alice = connect("alice");
    alice.send(new JsonObject().put("type", "create").put("room", room));
    assertThat(alice.next("created").getBoolean("private")).isTrue();
    Client eve = connect("eve");
    eve.send(new JsonObject().put("type", "join").put("room", room).put("user", "eve"));
    JsonObject refused = eve.next("error");
    assertThat(refused.getString("code")).isEqualTo("forbidden");
    assertThat(refused.getString("ref")).isEqualTo("join");
  }

  // ---- helpers ------------------------------------------------------------------

  private static void join(Client client, String room, String user) throws InterruptedException {
    client.send(new JsonObject().put("type", "join").put("room", room).put("user", user));
    assertThat(client.next("joined").getString("user")).isEqualTo(user);
  }

  /** Sends a message and returns its id, from the ack. */
  private static String say(Client client, String room, String text, String clientMsgId) throws InterruptedException {
    client.send(new JsonObject().put("type", "send").put("room", room).put("text", text)
        .put("clientMsgId", clientMsgId));
    JsonObject ack = client.next("ack");
    assertThat(ack.getString("clientMsgId")).isEqualTo(clientMsgId);
    return ack.getString("id");
  }

  private static JsonObject roomFrame(String type, String room, String id) {
    return new JsonObject().put("type", type).put("room", room).put("id", id);
  }

  private record Client(WebSocket socket, BlockingQueue<String> frames) {
    void send(JsonObject frame) {
      socket.writeTextMessage(frame.encode());
    }

    /** The next frame of {@code type}, skipping others (presence, mood). */
    JsonObject next(String type) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        String text = frames.poll(1, TimeUnit.SECONDS);
        if (text != null && type.equals(new JsonObject(text).getString("type"))) {
          return new JsonObject(text);
        }
      }
      throw new AssertionError("no " + type + " frame within 30 s");
    }
  }

  private Client connect(String user) throws Exception {
    String token = minter.generateToken(new JsonObject().put("sub", user), new JWTOptions().setExpiresInSeconds(600));
    WebSocket socket = await(webSockets.connect(api.port(), "127.0.0.1", "/prod?token=" + token));
    sockets.add(socket);
    BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    socket.textMessageHandler(frames::add);
    return new Client(socket, frames);
  }

  private static void assertRefused(String uri) {
    assertThatThrownBy(() -> await(webSockets.connect(api.port(), "127.0.0.1", uri)))
        .hasCauseInstanceOf(UpgradeRejectedException.class)
        .cause().satisfies(e -> assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(401));
  }

  private static int freePort() throws Exception {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
