package io.pulsechat.gateway.store;

import static io.pulsechat.gateway.store.InsightStoresContract.await;

import io.vertx.core.Vertx;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/** The mood and feedback tables on DynamoDB Local. */
class InsightStoresIT extends InsightStoresContract {
  private static LocalDynamoDb dynamo;
  private static DynamoDbAsyncClient client;
  private static Vertx vertx;
  private static InsightStores stores;

  @BeforeAll
  static void start() throws Exception {
    dynamo = LocalDynamoDb.start();
    client = dynamo.client();
    vertx = Vertx.vertx();
    stores = await(InsightStores.onDynamoDb(vertx, client, "it-" + UUID.randomUUID().toString().substring(0, 8) + "-"));
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

  @Override
  protected InsightStores stores() {
    return stores;
  }
}
