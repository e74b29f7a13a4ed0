package io.pulsechat.localaws;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EventBridge's PutEvents (JSON 1.1, {@code X-Amz-Target: AWSEvents.PutEvents}), enough for the
 * gateways' publisher: SigV4 for the {@code events} service checked for form, at most 10 entries,
 * each logged and kept; every entry accepted. Rules and targets are not run. Point the SDK at it
 * with {@code AWS_ENDPOINT_URL_EVENTBRIDGE}.
 */
public final class EventBridgeStandIn {
  private static final Logger log = LoggerFactory.getLogger(EventBridgeStandIn.class);
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=[A-Za-z0-9]{1,128}/\\d{8}/[a-z0-9-]+/events/aws4_request, "
          + "SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}");

  private final Vertx vertx;
  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private HttpServer server;

  public EventBridgeStandIn(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<EventBridgeStandIn> start(String host, int port) {
    return vertx.createHttpServer().requestHandler(this::handle).listen(port, host).map(s -> {
      server = s;
      return this;
    });
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  /** Every entry received, in order. */
  public List<JsonObject> events() {
    return events;
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      String authorization = request.getHeader("Authorization");
      if (authorization == null || !AUTHORIZATION.matcher(authorization).matches()) {
        error(request, 403, "UnrecognizedClientException", "The security token included in the request is invalid.");
        return;
      }
      if (!"AWSEvents.PutEvents".equals(request.getHeader("X-Amz-Target"))) {
        error(request, 400, "UnknownOperationException", "only PutEvents is served here");
        return;
      }
      JsonArray entries = new JsonObject(body).getJsonArray("Entries", new JsonArray());
      if (entries.isEmpty() || entries.size() > 10) {
        error(request, 400, "ValidationException", "Entries must hold 1 to 10 entries");
        return;
      }
      JsonArray results = new JsonArray();
      for (Object entry : entries) {
        JsonObject event = (JsonObject) entry;
        events.add(event);
        log.info("Event {} from {} on {}: {}", event.getString("DetailType"), event.getString("Source"),
            event.getString("EventBusName", "default"), event.getString("Detail"));
        results.add(new JsonObject().put("EventId", UUID.randomUUID().toString()));
      }
      request.response().putHeader("content-type", "application/x-amz-json-1.1")
          .end(new JsonObject().put("FailedEntryCount", 0).put("Entries", results).encode());
    });
  }

  private static void error(HttpServerRequest request, int status, String type, String message) {
    request.response().setStatusCode(status).putHeader("content-type", "application/x-amz-json-1.1")
        .end(new JsonObject().put("__type", type).put("message", message).encode());
  }
}
