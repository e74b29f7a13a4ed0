package io.pulsechat.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The connect/disconnect round trip against LocalStack's DynamoDB. Needs a Docker daemon;
 * without one the class is skipped (it never runs on the CI machine, so it is not counted as
 * coverage there: ConnectionHandlersIT covers the same flow against DynamoDB Local).
 */
@Testcontainers(disabledWithoutDocker = true)
class ConnectionHandlersLocalStackIT {

  private static final String TABLE = "ls-connections";

  @Container
  private static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4")).withServices(Service.DYNAMODB);

  private static DynamoDbClient dynamoDb;
  private static Map<String, String> env;

  @BeforeAll
  static void createTable() {
    dynamoDb = DynamoDbClient.builder()
        .endpointOverride(LOCALSTACK.getEndpoint())
        .region(Region.of(LOCALSTACK.getRegion()))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
        .build();
    dynamoDb.createTable(r -> r.tableName(TABLE)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(a -> a.attributeName(ConnectionTable.CONNECTION_ID).attributeType(ScalarAttributeType.S))
        .keySchema(k -> k.attributeName(ConnectionTable.CONNECTION_ID).keyType(KeyType.HASH)));
    env = Map.of(
        "CONNECTIONS_TABLE", TABLE,
        "DYNAMODB_ENDPOINT", LOCALSTACK.getEndpoint().toString(),
        "AWS_REGION", LOCALSTACK.getRegion());
  }

  @Test
  void connectThenDisconnect() throws IOException {
    TestContext context = new TestContext();
    assertThat(new ConnectHandler(LambdaConfig.from(env)).handleRequest(event("connect.json"), context).getStatusCode())
        .isEqualTo(200);
    assertThat(item("P7xQmcC0joECJfw=")).containsEntry(ConnectionTable.USER, AttributeValue.fromS("alice"));

    assertThat(new DisconnectHandler(LambdaConfig.from(env)).handleRequest(event("disconnect.json"), context).getStatusCode())
        .isEqualTo(200);
    assertThat(item("P7xQmcC0joECJfw=")).isEmpty();
  }

  private static Map<String, AttributeValue> item(String id) {
    return dynamoDb.getItem(r -> r.tableName(TABLE).consistentRead(true)
        .key(Map.of(ConnectionTable.CONNECTION_ID, AttributeValue.fromS(id)))).item();
  }

  private static APIGatewayV2WebSocketEvent event(String name) throws IOException {
    try (InputStream json = ConnectionHandlersLocalStackIT.class.getResourceAsStream("/events/" + name)) {
      return LambdaEventSerializers.serializerFor(APIGatewayV2WebSocketEvent.class,
          ConnectionHandlersLocalStackIT.class.getClassLoader()).fromJson(json);
    }
  }
}
