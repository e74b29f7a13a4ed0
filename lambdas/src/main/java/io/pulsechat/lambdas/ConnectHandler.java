package io.pulsechat.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * {@code $connect}: records who opened the connection. In open mode the user comes from the
 * {@code user} query-string parameter ({@code wss://…/prod?user=alice}, since browsers cannot set
 * headers on an upgrade) and must follow PROTOCOL.md's user rule, otherwise the upgrade is refused
 * with 400. With {@code AUTH_MODE=token} it comes from a token, the {@code token} query parameter
 * or {@code Authorization: Bearer}, checked as the gateway checks it ({@link ConnectTokens}); a
 * missing, malformed, badly signed or expired token refuses the upgrade with 401, and the record
 * carries the token's user, name, roles and expiry for the gateways to trust.
 * A DynamoDB failure is thrown, so API Gateway refuses the upgrade and the Lambda {@code Errors}
 * metric counts it.
 */
public final class ConnectHandler
    implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

  private final ConnectionTable table;
  private final Duration ttl;
  private final Clock clock;
  private final ConnectTokens tokens;

  /** Used by the Lambda runtime: configuration from the environment. */
  public ConnectHandler() {
    this(LambdaConfig.fromEnvironment());
  }

  /** With explicit settings: the local API Gateway stand-in builds its handlers this way. */
  public ConnectHandler(LambdaConfig config) {
    this(ConnectionTable.create(config), config.connectionTtl(), Clock.systemUTC(),
        config.auth().tokens() ? new ConnectTokens(config.auth()) : null);
  }

  /** {@code tokens} null: open mode. */
  ConnectHandler(ConnectionTable table, Duration ttl, Clock clock, ConnectTokens tokens) {
    this.table = table;
    this.ttl = ttl;
    this.clock = clock;
    this.tokens = tokens;
  }

  @Override
  public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
    String connectionId = event.getRequestContext().getConnectionId();
    // API Gateway's own connect time when present, so the record agrees with its 2-hour limit.
    long connectedAtMs = event.getRequestContext().getConnectedAt();
    Instant connectedAt = connectedAtMs > 0 ? Instant.ofEpochMilli(connectedAtMs) : clock.instant();
    if (tokens != null) {
      try {
        ConnectTokens.Verified token = tokens.verify(token(event));
        table.put(connectionId, token, connectedAt, connectedAt.plus(ttl));
        return Responses.ok();
      } catch (ConnectTokens.Refused e) {
        context.getLogger().log("refused connection " + connectionId + ": " + e.getMessage());
        return Responses.unauthorized(e.getMessage());
      }
    }
    String user = Optional.ofNullable(event.getQueryStringParameters())
        .map(q -> q.get("user"))
        .orElse(null);
    Optional<String> problem = UserName.problem(user);
    if (problem.isPresent()) {
      context.getLogger().log("refused connection " + connectionId + ": " + problem.get());
      return Responses.badRequest(problem.get());
    }
    table.put(connectionId, user, connectedAt, connectedAt.plus(ttl));
    return Responses.ok();
  }

  /** The {@code token} query parameter (browsers), else an {@code Authorization: Bearer} header; null if neither. */
  private static String token(APIGatewayV2WebSocketEvent event) {
    String query = Optional.ofNullable(event.getQueryStringParameters()).map(q -> q.get("token")).orElse(null);
    if (query != null) {
      return query;
    }
    Map<String, String> headers = event.getHeaders() == null ? Map.of() : event.getHeaders();
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if ("authorization".equalsIgnoreCase(h.getKey()) && h.getValue() != null
          && h.getValue().regionMatches(true, 0, "Bearer ", 0, 7)) {
        return h.getValue().substring(7).strip();
      }
    }
    return null;
  }
}
