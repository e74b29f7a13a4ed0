package io.pulsechat.gateway.store;

import io.pulsechat.gateway.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;

/**
 * The mood and feedback stores the configuration asks for. With a DynamoDB configured they
 * live in its {@code <prefix>mood} and {@code <prefix>feedback} tables; otherwise in memory,
 * like the interim message store.
 *
 * <p>Interim: this builds its own client. Once the message store's DynamoDB wiring lands, open
 * these with {@link #onDynamoDb} and the client (and embedded DynamoDB Local) it already has.
 */
public record InsightStores(MoodStore mood, FeedbackStore feedback, AutoCloseable resources) {
  private static final Logger log = LoggerFactory.getLogger(InsightStores.class);

  public static InsightStores inMemory() {
    return new InsightStores(new InMemoryMoodStore(), new InMemoryFeedbackStore(), () -> { });
  }

  public static Future<InsightStores> open(Vertx vertx, GatewayConfig config) {
    if (config.embeddedDynamoDb()) {
      log.info("Room mood and flags are kept in memory: no DynamoDB is configured");
      return Future.succeededFuture(inMemory());
    }
    DynamoDbAsyncClient client = client(config);
    return onDynamoDb(vertx, client, config.tablePrefix())
        .map(stores -> new InsightStores(stores.mood(), stores.feedback(), client::close))
        .onFailure(e -> client.close());
  }

  /** Stores on a caller's client, which the caller keeps and closes. */
  public static Future<InsightStores> onDynamoDb(Vertx vertx, DynamoDbAsyncClient client, String prefix) {
    InsightTables tables = new InsightTables(vertx, client, prefix);
    return tables.ensure().map(v -> new InsightStores(new DynamoDbMoodStore(vertx, client, tables.moodTable()),
        new DynamoDbFeedbackStore(vertx, client, tables.feedbackTable()), () -> { }));
  }

  public void close() {
    try {
      resources.close();
    } catch (Exception e) {
      log.warn("Closing the insight stores' client failed: {}", e.toString());
    }
  }

  /** As the message store's client: a local endpoint without a region gets dummy credentials. */
  private static DynamoDbAsyncClient client(GatewayConfig config) {
    DynamoDbAsyncClientBuilder builder = DynamoDbAsyncClient.builder()
        .httpClient(NettyNioAsyncHttpClient.builder().maxConcurrency(16).build());
    if (config.awsRegion().isEmpty()) {
      builder.region(Region.US_EAST_1)
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    } else {
      builder.region(Region.of(config.awsRegion().get()))
          .credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    config.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
