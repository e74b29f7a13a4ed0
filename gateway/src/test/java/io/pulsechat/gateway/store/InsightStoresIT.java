package io.pulsechat.gateway.store;

import static io.pulsechat.gateway.store.InsightStoresContract.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The mood and feedback tables on DynamoDB Local. */
class InsightStoresIT extends InsightStoresContract {
  private static LocalDynamoDb dynamo;
  private static DynamoDbAsyncClient client;
  private static Vertx vertx;
  private static InsightStores stores;
  private static String prefix;

  @BeforeAll
  static void start() throws Exception {
    dynamo = LocalDynamoDb.start();
    client = dynamo.client();
    vertx = Vertx.vertx();
    prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    stores = await(InsightStores.onDynamoDb(vertx, client, prefix, Duration.ofDays(30)));
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      await(vertx.close());
    }
    if (client != null) {
      client.close();
    }
    if (dynamo != null) {
      dynamo.close();
    }
  }

  @Test
  void loggedAccessEntriesCarryTheirExpiryAndRulesNone() throws Exception {
    // A moderator's actions and the alerts are logs that grow with use: they expire as messages do.
    String room = "expiry-" + UUID.randomUUID();
    long at = 1_700_000_000_000L;
    await(stores.access().put(new AccessStore.Entry(room, AccessStore.Kind.ACTION, AccessStore.actionSubject(at, "bob"),
        "kick", 0, "alice", at)));
    await(stores.access().put(new AccessStore.Entry(room, AccessStore.Kind.BAN, "carol", null, 0, "alice", at)));
    var items = client.query(b -> b.tableName(prefix + "access").keyConditionExpression("#r = :r")
        .expressionAttributeNames(Map.of("#r", "room")).expressionAttributeValues(Map.of(":r", AttributeValue.fromS(room)))).get(10, TimeUnit.SECONDS).items();
    assertThat(items).hasSize(2);
    for (var item : items) {
      if (item.get("entry").s().startsWith("action#")) {
        assertThat(item.get("expiresAt").n()).isEqualTo(Long.toString(at / 1000 + Duration.ofDays(30).toSeconds()));
      } else {
        assertThat(item).doesNotContainKey("expiresAt");
      }
    }
    var ttl = client.describeTimeToLive(b -> b.tableName(prefix + "access")).get(10, TimeUnit.SECONDS);
    assertThat(ttl.timeToLiveDescription().attributeName()).isEqualTo("expiresAt");
  }

  @Override
  protected InsightStores stores() {
    return stores;
  }
}
