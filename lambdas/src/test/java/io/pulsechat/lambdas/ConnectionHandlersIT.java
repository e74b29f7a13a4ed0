package io.pulsechat.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Both handlers, built from environment-style configuration, against DynamoDB Local over HTTP,
 * fed with API Gateway WebSocket events deserialized by the Lambda runtime's own serializer.
 */
class ConnectionHandlersIT {

  private static final String TABLE = "it-connections";
  private static final String CONNECTION_ID = "P7xQmcC0joECJfw=";
  private static final long CONNECTED_AT_MS = 1795372200000L;

  private static DynamoDBProxyServer server;
  private static DynamoDbClient dynamoDb;
  private static Map<String, String> env;

  private final PojoSerializer<APIGatewayV2WebSocketEvent> events =
      LambdaEventSerializers.serializerFor(APIGatewayV2WebSocketEvent.class, getClass().getClassLoader());
  private final TestContext context = new TestContext();

  @BeforeAll
  static void startDynamoDbLocal() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    server = ServerRunner.createServerFromCommandLineArgs(
        new String[] {"-inMemory", "-port", Integer.toString(port)});
    server.start();
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    dynamoDb = DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .build();
    // The same key schema and TTL attribute as cloudformation/pulsechat.yaml's ConnectionsTable.
    dynamoDb.createTable(r -> r.tableName(TABLE)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(a -> a.attributeName(ConnectionTable.CONNECTION_ID).attributeType(ScalarAttributeType.S))
        .keySchema(k -> k.attributeName(ConnectionTable.CONNECTION_ID).keyType(KeyType.HASH)));
    dynamoDb.updateTimeToLive(r -> r.tableName(TABLE)
        .timeToLiveSpecification(t -> t.attributeName(ConnectionTable.EXPIRES_AT).enabled(true)));
    env = Map.of(
        "CONNECTIONS_TABLE", TABLE,
        "DYNAMODB_ENDPOINT", endpoint.toString(),
        "AWS_REGION", "eu-west-1");
  }

  @AfterAll
  static void stopDynamoDbLocal() throws Exception {
    if (dynamoDb != null) {
      dynamoDb.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  @BeforeEach
  void emptyTable() {
    dynamoDb.scan(r -> r.tableName(TABLE)).items().forEach(item ->
        dynamoDb.deleteItem(r -> r.tableName(TABLE)
            .key(Map.of(ConnectionTable.CONNECTION_ID, item.get(ConnectionTable.CONNECTION_ID)))));
  }

  @Test
  void connectRecordsUserConnectTimeAndTtlPastTheTwoHourLimit() {
    APIGatewayV2WebSocketResponse response =
        new ConnectHandler(LambdaConfig.from(env)).handleRequest(event("connect.json"), context);

    assertThat(response.getStatusCode()).isEqualTo(200);
    Map<String, AttributeValue> item = item(CONNECTION_ID);
    assertThat(item.get(ConnectionTable.USER).s()).isEqualTo("alice");
    assertThat(item.get(ConnectionTable.CONNECTED_AT).n()).isEqualTo(Long.toString(CONNECTED_AT_MS));
    // TTL attributes are epoch seconds: connect time + 3 h.
    assertThat(item.get(ConnectionTable.EXPIRES_AT).n())
        .isEqualTo(Long.toString(CONNECTED_AT_MS / 1000 + 3 * 3600));
  }

  @Test
  void connectWithAnInvalidUserIsRefusedWith400AndRecordsNothing() {
    ConnectHandler handler = new ConnectHandler(LambdaConfig.from(env));
    for (String bad : new String[] {"", "x".repeat(33), "bad\u0007user"}) {
      APIGatewayV2WebSocketEvent event = event("connect.json");
      event.setQueryStringParameters(Map.of("user", bad));
      assertThat(handler.handleRequest(event, context).getStatusCode()).as("user %s", bad).isEqualTo(400);
    }
    APIGatewayV2WebSocketEvent noQuery = event("connect.json");
    noQuery.setQueryStringParameters(null);
    APIGatewayV2WebSocketResponse response = handler.handleRequest(noQuery, context);

    assertThat(response.getStatusCode()).isEqualTo(400);
    assertThat(response.getBody()).contains("user");
    assertThat(item(CONNECTION_ID)).isEmpty();
    assertThat(context.logged).hasSize(4).allMatch(line -> line.startsWith("refused connection " + CONNECTION_ID));
  }

  @Test
  void disconnectDeletesTheRecord() {
    new ConnectHandler(LambdaConfig.from(env)).handleRequest(event("connect.json"), context);
    assertThat(item(CONNECTION_ID)).isNotEmpty();

    APIGatewayV2WebSocketResponse response =
        new DisconnectHandler(LambdaConfig.from(env)).handleRequest(event("disconnect.json"), context);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(item(CONNECTION_ID)).isEmpty();
  }

  @Test
  void disconnectOfAnUnknownConnectionSucceeds() {
    Map<String, String> withTtl = new HashMap<>(env);
    withTtl.put("CONNECTION_TTL_SECONDS", "10800");
    APIGatewayV2WebSocketResponse response =
        new DisconnectHandler(LambdaConfig.from(withTtl)).handleRequest(event("disconnect.json"), context);

    assertThat(response.getStatusCode()).isEqualTo(200);
  }

  private APIGatewayV2WebSocketEvent event(String name) {
    try (InputStream json = getClass().getResourceAsStream("/events/" + name)) {
      return events.fromJson(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, AttributeValue> item(String connectionId) {
    return dynamoDb.getItem(r -> r.tableName(TABLE).consistentRead(true)
        .key(Map.of(ConnectionTable.CONNECTION_ID, AttributeValue.fromS(connectionId)))).item();
  }
}
