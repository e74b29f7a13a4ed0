package io.pulsechat.lambdas;

import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The connections table: one item per open WebSocket, keyed by API Gateway's connection id.
 *
 * <p>Attributes: {@code connectionId} (S, partition key), {@code user} (S), {@code connectedAt}
 * (N, epoch milliseconds) and {@code expiresAt} (N, epoch <em>seconds</em>, the table's TTL
 * attribute). {@code $disconnect} is best-effort in API Gateway, so TTL removes what it misses;
 * TTL deletion itself can lag by up to two days, so readers must ignore items past
 * {@code expiresAt}.
 */
final class ConnectionTable {

  static final String CONNECTION_ID = "connectionId";
  static final String USER = "user";
  static final String CONNECTED_AT = "connectedAt";
  static final String EXPIRES_AT = "expiresAt";

  private final DynamoDbClient dynamoDb;
  private final String tableName;

  ConnectionTable(DynamoDbClient dynamoDb, String tableName) {
    this.dynamoDb = dynamoDb;
    this.tableName = tableName;
  }

  /**
   * A synchronous client over {@code HttpURLConnection}. Built once per execution environment (in
   * the handler's constructor), so SnapStart snapshots it already initialised. The default
   * credential chain is the one that works under SnapStart (container credentials).
   */
  static ConnectionTable create(LambdaConfig config) {
    DynamoDbClientBuilder builder = DynamoDbClient.builder()
        .httpClient(UrlConnectionHttpClient.builder().build())
        .credentialsProvider(DefaultCredentialsProvider.builder().build());
    config.region().map(Region::of).ifPresent(builder::region);
    config.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
    return new ConnectionTable(builder.build(), config.connectionsTable());
  }

  void put(String connectionId, String user, Instant connectedAt, Instant expiresAt) {
    dynamoDb.putItem(r -> r.tableName(tableName).item(Map.of(
        CONNECTION_ID, AttributeValue.fromS(connectionId),
        USER, AttributeValue.fromS(user),
        CONNECTED_AT, AttributeValue.fromN(Long.toString(connectedAt.toEpochMilli())),
        EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())))));
  }

  /** Deleting an id that is not there succeeds: a retried or late {@code $disconnect} is harmless. */
  void delete(String connectionId) {
    dynamoDb.deleteItem(r -> r.tableName(tableName)
        .key(Map.of(CONNECTION_ID, AttributeValue.fromS(connectionId))));
  }
}
