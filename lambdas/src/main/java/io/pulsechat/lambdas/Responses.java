package io.pulsechat.lambdas;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.util.Map;

/** Proxy responses. On {@code $connect}, a status other than 2xx refuses the upgrade. */
final class Responses {

  private Responses() {
  }

  static APIGatewayV2WebSocketResponse ok() {
    return of(200, "ok");
  }

  static APIGatewayV2WebSocketResponse badRequest(String why) {
    return of(400, why);
  }

  static APIGatewayV2WebSocketResponse unauthorized(String why) {
    return of(401, why);
  }

  private static APIGatewayV2WebSocketResponse of(int status, String text) {
    APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
    response.setStatusCode(status);
    response.setHeaders(Map.of("Content-Type", "text/plain; charset=utf-8"));
    response.setBody(text);
    return response;
  }
}
