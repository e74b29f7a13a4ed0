package io.pulsechat.gateway.apigw;

import io.pulsechat.gateway.auth.Identity;
import io.pulsechat.gateway.auth.TokenRefused;
import io.pulsechat.gateway.protocol.Names;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The connections table that the {@code $connect} Lambda writes (lambdas/, {@code ConnectionTable}):
 * in token mode it verified the connection's token and recorded its user, name, roles and expiry.
 * That record, never a frame, says who an API Gateway connection is.
 */
final class ConnectionRecords {
  private final DynamoDbAsyncClient dynamoDb;
  private final String table;

  ConnectionRecords(DynamoDbAsyncClient dynamoDb, String table) {
    this.dynamoDb = dynamoDb;
    this.table = table;
  }

  /**
   * The identity $connect verified for {@code connectionId}; a {@link TokenRefused} when there is
   * no record, or one without a verified token (written in open mode), or one whose token has expired.
   */
  Future<Identity> identityOf(String connectionId, Context context, long skewMillis) {
    return Future.fromCompletionStage(dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
        .key(Map.of("connectionId", AttributeValue.fromS(connectionId)))), context)
        .compose(response -> {
          Map<String, AttributeValue> item = response.hasItem() ? response.item() : Map.of();
          AttributeValue user = item.get("user");
          AttributeValue expires = item.get("tokenExpiresAt");
          if (user == null || user.s() == null || expires == null || expires.n() == null) {
            return Future.failedFuture(new TokenRefused("this connection has no verified token"));
          }
          long expiresAt = Long.parseLong(expires.n());
          if (!Names.isValidUser(user.s(), Names.MAX_TOKEN_USER)) {
            return Future.failedFuture(new TokenRefused("this connection's user is not a valid name"));
          }
          if (expiresAt + skewMillis <= System.currentTimeMillis()) {
            return Future.failedFuture(new TokenRefused("this connection's token has expired"));
          }
          // Bounded here too: the record is the $connect Lambda's word, not a promise about length.
          AttributeValue recorded = item.get("name");
          String name = recorded == null ? null : Names.displayName(recorded.s());
          List<String> roles = new ArrayList<>();
          AttributeValue listed = item.get("roles");
          if (listed != null && listed.hasL()) {
            listed.l().forEach(r -> {
              if (r.s() != null) {
                roles.add(r.s());
              }
            });
          }
          return Future.succeededFuture(new Identity(user.s(), name == null ? user.s() : name,
              List.copyOf(roles), expiresAt));
        });
  }
}
