package io.pulsechat.gateway.apigw;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.auth.Identity;
import io.pulsechat.gateway.store.EmbeddedDynamoDb;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The API Gateway door's identity: what the $connect Lambda recorded in the connections table (in
 * DynamoDB Local), read as the gateway trusts it. The recorded name is bounded here as a token's
 * name claim is, since the record is only as careful as the Lambda that wrote it.
 */
class ConnectionRecordsIT {
  private static final String TABLE = "it-connections";
  private static EmbeddedDynamoDb dynamo;
  private static DynamoDbAsyncClient client;
  private static Vertx vertx;
  private static ConnectionRecords records;

  @BeforeAll
  static void start() throws Exception {
    dynamo = EmbeddedDynamoDb.startInMemory();
    client = dynamo.client();
    client.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("connectionId")
            .attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("connectionId").keyType(KeyType.HASH).build()))
        .get(30, TimeUnit.SECONDS);
    vertx = Vertx.vertx();
    records = new ConnectionRecords(client, TABLE);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    client.close();
    dynamo.close();
  }

  private static Identity recorded(String connectionId, String user, String name) throws Exception {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("connectionId", AttributeValue.fromS(connectionId));
    item.put("user", AttributeValue.fromS(user));
    item.put("tokenExpiresAt", AttributeValue.fromN(Long.toString(System.currentTimeMillis() + 3_600_000)));
    if (name != null) {
      item.put("name", AttributeValue.fromS(name));
    }
    client.putItem(r -> r.tableName(TABLE).item(item)).get(10, TimeUnit.SECONDS);
    return records.identityOf(connectionId, vertx.getOrCreateContext(), 0)
        .toCompletionStage().toCompletableFuture().get(Duration.ofSeconds(10).toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void theRecordedNameIsTheConnectionsDisplayName() throws Exception {
    Identity identity = recorded("c-1", "0b9a6c1e-uuid", "Alice Liddell");
    assertThat(identity.user()).isEqualTo("0b9a6c1e-uuid");
    assertThat(identity.name()).isEqualTo("Alice Liddell");
    assertThat(recorded("c-2", "bob", null).name()).isEqualTo("bob");
  }

  @Test
  void anOverlongRecordedNameIsCutAndOneWithABidiOverrideIsNotShown() throws Exception {
    assertThat(recorded("c-3", "carol", "C".repeat(4000)).name()).isEqualTo("C".repeat(32));
    assertThat(recorded("c-4", "mallory", "\u202Eecila").name()).isEqualTo("mallory");
  }
}
