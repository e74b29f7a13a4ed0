package io.pulsechat.localaws;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code @connections} management API as API Gateway serves it at
 * {@code https://{api}.execute-api.{region}.amazonaws.com/{stage}/@connections/{connectionId}}:
 * <ul>
 *   <li>POST: the body goes to the client as one frame (200); at most 128 KB (413 PayloadTooLargeException);</li>
 *   <li>GET: {@code connectedAt}, {@code identity} ({@code sourceIp}, {@code userAgent}), {@code lastActiveAt};</li>
 *   <li>DELETE: closes the connection (204), which runs {@code $disconnect}.</li>
 * </ul>
 * An unsigned call gets 403 ForbiddenException; a connection that is not open 410 GoneException;
 * a call over the connection's or the account's rate 429 LimitExceededException. Errors carry
 * {@code x-amzn-ErrorType}, which the SDK maps to its exception classes.
 */
final class ConnectionsApi {
  private final LocalWebSocketApi api;

  ConnectionsApi(LocalWebSocketApi api) {
    this.api = api;
  }

  void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> answer(request, body));
  }

  private void answer(HttpServerRequest request, Buffer body) {
    Optional<String> unsigned = SigV4Check.problem(request.headers());
    if (unsigned.isPresent()) {
      error(request, 403, "ForbiddenException", unsigned.get());
      return;
    }
    String prefix = "/" + api.settings().stage() + "/@connections/";
    String id = URLDecoder.decode(request.path().substring(prefix.length()), StandardCharsets.UTF_8);
    if (!api.takeAccountToken()) {
      error(request, 429, "LimitExceededException", "Rate exceeded");
      return;
    }
    LocalWebSocketApi.Connection connection = api.connection(id);
    if (connection == null) {
      error(request, 410, "GoneException", null);
      return;
    }
    HttpMethod method = request.method();
    if (HttpMethod.POST.equals(method)) {
      if (!connection.posts.take()) {
        error(request, 429, "LimitExceededException", "Rate exceeded");
        return;
      }
      if (body.length() > api.settings().maxMessageBytes()) {
        error(request, 413, "PayloadTooLargeException", "Message too long");
        return;
      }
      connection.send(body.toString(StandardCharsets.UTF_8));
      request.response().setStatusCode(200).end();
    } else if (HttpMethod.GET.equals(method)) {
      JsonObject info = new JsonObject()
          .put("connectedAt", Instant.ofEpochMilli(connection.upgrade.connectedAt()).toString())
          .put("identity", new JsonObject().put("sourceIp", connection.upgrade.sourceIp())
              .put("userAgent", connection.upgrade.headers().get("User-Agent")))
          .put("lastActiveAt", Instant.ofEpochMilli(connection.lastActiveAt).toString());
      request.response().setStatusCode(200).putHeader("content-type", "application/json").end(info.encode());
    } else if (HttpMethod.DELETE.equals(method)) {
      connection.socket.close((short) 1000, "");
      request.response().setStatusCode(204).end();
    } else {
      error(request, 403, "ForbiddenException", "Missing Authentication Token");
    }
  }

  private static void error(HttpServerRequest request, int status, String type, String message) {
    request.response().setStatusCode(status).putHeader("content-type", "application/json")
        .putHeader("x-amzn-ErrorType", type)
        .putHeader("x-amzn-RequestId", Ids.requestId())
        .end(message == null ? "{}" : new JsonObject().put("message", message).encode());
  }
}
