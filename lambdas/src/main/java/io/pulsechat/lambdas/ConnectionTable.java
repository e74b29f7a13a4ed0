package io.pulsechat.lambdas;

import java.time.Instant;
import java.util.HashMap;
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
 * {@code expiresAt}. In token mode {@code $connect} adds what the token said, which the gateways
 * trust instead of any frame: {@code name} (S), {@code roles} (L of S) and {@code tokenExpiresAt}
 * (N, epoch milliseconds); {@code user} is then the token's {@code sub}.
 */
final class ConnectionTable {

  static final String CONNECTION_ID = "connectionId";
  static final String USER = "user";
  static final String CONNECTED_AT = "connectedAt";
  static final String EXPIRES_AT = "expiresAt";
  static final String NAME = "name";
  static final String ROLES = "roles";
  static final String TOKEN_EXPIRES_AT = "tokenExpiresAt";

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
    dynamoDb.putItem(r -> r.tableName(tableName).item(item(connectionId, user, connectedAt, expiresAt)));
  }

  /** The record of a connection whose token {@code $connect} verified. */
  void put(String connectionId, ConnectTokens.Verified token, Instant connectedAt, Instant expiresAt) {
    Map<String, AttributeValue> item = new HashMap<>(item(connectionId, token.user(), connectedAt, expiresAt));
    item.put(NAME, AttributeValue.fromS(token.name()));
    item.put(ROLES, AttributeValue.fromL(token.roles().stream().map(AttributeValue::fromS).toList()));
    item.put(TOKEN_EXPIRES_AT, AttributeValue.fromN(Long.toString(token.expiresAt())));
    dynamoDb.putItem(r -> r.tableName(tableName).item(item));
  }

  private static Map<String, AttributeValue> item(String connectionId, String user, Instant connectedAt,
                                                  Instant expiresAt) {
    return Map.of(
        CONNECTION_ID, AttributeValue.fromS(connectionId),
        USER, AttributeValue.fromS(user),
        CONNECTED_AT, AttributeValue.fromN(Long.toString(connectedAt.toEpochMilli())),
        EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())));
  }

  /** Deleting an id that is not there succeeds: a retried or late {@code $disconnect} is harmless. */
  void delete(String connectionId) {
    dynamoDb.deleteItem(r -> r.tableName(tableName)
        .key(Map.of(CONNECTION_ID, AttributeValue.fromS(connectionId))));
  }
}
