package io.pulsechat.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;

/**
 * {@code $disconnect}: deletes the connection's record. API Gateway delivers this route on a
 * best-effort basis, so the table's TTL ({@code expiresAt}) cleans up what never arrives, and
 * the gateway deletes records whose PostToConnection answers 410 Gone.
 */
public final class DisconnectHandler
    implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

  private final ConnectionTable table;

  /** Used by the Lambda runtime: configuration from the environment. */
  public DisconnectHandler() {
    this(LambdaConfig.fromEnvironment());
  }

  /** With explicit settings: the local API Gateway stand-in builds its handlers this way. */
  public DisconnectHandler(LambdaConfig config) {
    this(ConnectionTable.create(config));
  }

  DisconnectHandler(ConnectionTable table) {
    this.table = table;
  }

  @Override
  public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
    table.delete(event.getRequestContext().getConnectionId());
    return Responses.ok();
  }
}
