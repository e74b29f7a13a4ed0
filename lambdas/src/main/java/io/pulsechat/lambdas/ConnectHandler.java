package io.pulsechat.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code $connect}: records who opened the connection. The user comes from the {@code user}
 * query-string parameter ({@code wss://…/prod?user=alice}, since browsers cannot set headers on
 * an upgrade) and must follow PROTOCOL.md's user rule, otherwise the upgrade is refused with 400.
 * A DynamoDB failure is thrown, so API Gateway refuses the upgrade and the Lambda {@code Errors}
 * metric counts it.
 */
public final class ConnectHandler
    implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

  private final ConnectionTable table;
  private final Duration ttl;
  private final Clock clock;

  /** Used by the Lambda runtime: configuration from the environment. */
  public ConnectHandler() {
    this(LambdaConfig.fromEnvironment());
  }

  /** With explicit settings: the local API Gateway stand-in builds its handlers this way. */
  public ConnectHandler(LambdaConfig config) {
    this(ConnectionTable.create(config), config.connectionTtl(), Clock.systemUTC());
  }

  ConnectHandler(ConnectionTable table, Duration ttl, Clock clock) {
    this.table = table;
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
    String connectionId = event.getRequestContext().getConnectionId();
    String user = Optional.ofNullable(event.getQueryStringParameters())
        .map(q -> q.get("user"))
        .orElse(null);
    Optional<String> problem = UserName.problem(user);
    if (problem.isPresent()) {
      context.getLogger().log("refused connection " + connectionId + ": " + problem.get());
      return Responses.badRequest(problem.get());
    }
    // API Gateway's own connect time when present, so the record agrees with its 2-hour limit.
    long connectedAtMs = event.getRequestContext().getConnectedAt();
    Instant connectedAt = connectedAtMs > 0 ? Instant.ofEpochMilli(connectedAtMs) : clock.instant();
    table.put(connectionId, user, connectedAt, connectedAt.plus(ttl));
    return Responses.ok();
  }
}
