package io.pulsechat.localaws;

import com.amazonaws.services.dynamodbv2.local.main.CommandLineInput;
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import io.pulsechat.lambdas.ConnectHandler;
import io.pulsechat.lambdas.DisconnectHandler;
import io.pulsechat.lambdas.LambdaConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Everything of the deployed shape except the gateways, in one process on loopback, for
 * scripts/local-aws.sh: DynamoDB Local (shared by the Lambdas and the gateways), s3proxy with
 * the client bucket, a CloudFront stand-in serving it with {@code /api/*} to the gateways, the
 * API Gateway WebSocket stand-in with the real Lambdas, and the EventBridge stand-in. A second
 * site serves the same client with a config.json for the direct front door (the gateways'
 * {@code /ws} through a TCP load balancer stand-in), as {@code FrontDoor=LoadBalancer} would. The
 * endpoints go to a JSON file.
 *
 * <p>Settings: {@code GATEWAY_URLS} (comma-separated base URLs the gateways will listen on),
 * {@code CLIENT_DIR} (the packaged client, gateway/target/client), {@code STATE_FILE} (where the
 * endpoints are written).
 */
final class Rehearsal {
  private static final Logger log = LoggerFactory.getLogger(Rehearsal.class);
  static final String TABLE_PREFIX = "pulsechat-";
  static final String CONNECTIONS_TABLE = TABLE_PREFIX + "connections";
  private static final String KEY = "local";

  private Rehearsal() {
  }

  static void run(Map<String, String> env) throws Exception {
    List<URI> gateways = Stream.of(env.getOrDefault("GATEWAY_URLS", "").split(",")).map(String::strip)
        .filter(s -> !s.isEmpty()).map(URI::create).toList();
    Path clientDir = Path.of(env.getOrDefault("CLIENT_DIR", "gateway/target/client"));
    Path stateFile = Path.of(env.getOrDefault("STATE_FILE", "target/local-aws.json"));
    if (gateways.isEmpty() || !Files.isRegularFile(clientDir.resolve("index.html"))) {
      throw new IllegalArgumentException("GATEWAY_URLS must name the gateways and CLIENT_DIR the packaged client");
    }
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, KEY));
    // The Lambdas' DynamoDB client reads the default chain, as in Lambda.
    System.setProperty("aws.accessKeyId", KEY);
    System.setProperty("aws.secretAccessKey", KEY);

    URI dynamoDb = startDynamoDbLocal();
    try (DynamoDbClient client = DynamoDbClient.builder().endpointOverride(dynamoDb).region(Region.US_EAST_1)
        .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build()) {
      client.createTable(r -> r.tableName(CONNECTIONS_TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
          .attributeDefinitions(a -> a.attributeName("connectionId").attributeType(ScalarAttributeType.S))
          .keySchema(k -> k.attributeName("connectionId").keyType(KeyType.HASH)));
    }
    URI s3 = URI.create("http://127.0.0.1:" + freePort());
    S3Proxy proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(s3)
        .awsAuthentication(AuthenticationType.NONE, null, null).build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(5);
    }

    Vertx vertx = Vertx.vertx();
    LambdaConfig lambdas = LambdaConfig.from(Map.of("CONNECTIONS_TABLE", CONNECTIONS_TABLE,
        "DYNAMODB_ENDPOINT", dynamoDb.toString(), "AWS_REGION", "us-east-1"));
    // A fresh secret per rehearsal, handed to the gateways through the state file (AUTH_APIGW_SECRET).
    String integrationSecret = Ids.requestId() + Ids.requestId();
    LocalWebSocketApi api = await(new LocalWebSocketApi(vertx, LocalWebSocketApi.Settings.defaults(0,
        gateways.stream().map(g -> g.resolve("/apigw/messages")).toList()).withIntegrationSecret(integrationSecret),
        new ConnectHandler(lambdas), new DisconnectHandler(lambdas)).start());
    EventBridgeStandIn events = await(new EventBridgeStandIn(vertx).start("127.0.0.1", 0));
    CloudFrontStandIn site = await(new CloudFrontStandIn(vertx, s3.resolve("/pulsechat-client"), gateways)
        .start("127.0.0.1", 0));
    LoadBalancerStandIn loadBalancer = await(new LoadBalancerStandIn(vertx, gateways).start("127.0.0.1", 0));
    CloudFrontStandIn directSite = await(new CloudFrontStandIn(vertx, s3.resolve("/pulsechat-client-direct"),
        gateways).start("127.0.0.1", 0));

    try (S3Client client = S3Client.builder().endpointOverride(s3).forcePathStyle(true).region(Region.US_EAST_1)
        .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.addExecutionInterceptor(new WithoutExpectContinue())).build()) {
      upload(client, "pulsechat-client", clientDir, new JsonObject()
          .put("webSocketUrl", api.webSocketUrl().toString()).put("apiBaseUrl", site.url().toString()));
      upload(client, "pulsechat-client-direct", clientDir, new JsonObject()
          .put("webSocketUrl", "ws://127.0.0.1:" + loadBalancer.port() + "/ws")
          .put("apiBaseUrl", directSite.url().toString()));
    }

    JsonObject state = new JsonObject()
        .put("dynamoDbEndpoint", dynamoDb.toString())
        .put("s3Endpoint", s3.toString())
        .put("webSocketUrl", api.webSocketUrl().toString())
        .put("apigwEndpoint", api.managementEndpoint().toString())
        .put("integrationSecret", integrationSecret)
        .put("eventBridgeEndpoint", events.endpoint().toString())
        .put("clientUrl", site.url().toString())
        .put("directClientUrl", directSite.url().toString())
        .put("loadBalancerUrl", "ws://127.0.0.1:" + loadBalancer.port() + "/ws")
        .put("pid", ProcessHandle.current().pid());
    Files.createDirectories(stateFile.toAbsolutePath().getParent());
    Path partial = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
    Files.writeString(partial, state.encodePrettily());
    Files.move(partial, stateFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    log.info("Rehearsal ready: client {} (API Gateway front door), {} (direct front door); state in {}",
        site.url(), directSite.url(), stateFile);
  }

  /**
   * The S3 client asks PutObject for "Expect: 100-continue", and the JDK's HttpURLConnection now
   * and then fails that handshake with s3proxy on a loaded machine ("Unexpected end of file from
   * server", not retried), which stopped the rehearsal. The files are small: they go at once.
   */
  private static final class WithoutExpectContinue implements ExecutionInterceptor {
    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
      return context.httpRequest().toBuilder().removeHeader("Expect").build();
    }
  }

  /** The client as deploy.sh uploads it: every file of the packaged client, then config.json. */
  private static void upload(S3Client s3, String bucket, Path dir, JsonObject config) throws IOException {
    s3.createBucket(b -> b.bucket(bucket));
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String key = dir.relativize(file).toString().replace('\\', '/');
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType(key)), RequestBody.fromFile(file));
      }
    }
    s3.putObject(b -> b.bucket(bucket).key("config.json").contentType("application/json").cacheControl("no-store"),
        RequestBody.fromString(config.encode()));
  }

  private static String contentType(String key) {
    if (key.endsWith(".html")) {
      return "text/html; charset=utf-8";
    } else if (key.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    } else if (key.endsWith(".css")) {
      return "text/css; charset=utf-8";
    } else if (key.endsWith(".json")) {
      return "application/json";
    } else if (key.endsWith(".md")) {
      return "text/markdown; charset=utf-8";
    }
    return "application/octet-stream";
  }

  /** Shared by every access key and region, as one account's DynamoDB is for the Lambdas and the gateways. */
  private static URI startDynamoDbLocal() throws Exception {
    int port = freePort();
    CommandLineInput input = new CommandLineInput(new String[] {"-inMemory", "-sharedDb", "-port",
        String.valueOf(port), "-disableTelemetry"});
    if (!input.init()) {
      throw new IllegalStateException("DynamoDB Local refused its options");
    }
    DynamoDBProxyServer server = ServerRunner.createServer(input);
    server.start();
    return URI.create("http://127.0.0.1:" + port);
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
