package io.pulsechat.localaws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The events API Gateway hands to a WebSocket API's Lambda integrations ({@code AWS_PROXY}):
 * headers and query string of the upgrade request (single- and multi-valued), and the request
 * context with route key, event type, stage, connection id and times.
 */
final class LambdaEvents {
  private static final DateTimeFormatter REQUEST_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  /** What API Gateway knows of one connection, from its upgrade request. */
  record Upgrade(String connectionId, MultiMap headers, MultiMap query, String sourceIp, String domainName,
                 long connectedAt) {
  }

  private LambdaEvents() {
  }

  static APIGatewayV2WebSocketEvent connect(Upgrade upgrade, String apiId, String stage, long now) {
    APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
    event.setHeaders(single(upgrade.headers()));
    event.setMultiValueHeaders(multi(upgrade.headers()));
    if (!upgrade.query().isEmpty()) {
      event.setQueryStringParameters(single(upgrade.query()));
      event.setMultiValueQueryStringParameters(multi(upgrade.query()));
    }
    event.setIsBase64Encoded(false);
    event.setRequestContext(context(upgrade, apiId, stage, "$connect", "CONNECT", now));
    return event;
  }

  /**
   * {@code $disconnect} carries no query string and only a few headers; the real event also has
   * {@code disconnectStatusCode} and {@code disconnectReason}, which the Java event class has no
   * fields for.
   */
  static APIGatewayV2WebSocketEvent disconnect(Upgrade upgrade, String apiId, String stage, long now) {
    APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Host", upgrade.domainName());
    headers.put("x-api-key", "");
    headers.put("X-Forwarded-For", "");
    headers.put("x-restapi", "");
    event.setHeaders(headers);
    Map<String, List<String>> multi = new LinkedHashMap<>();
    headers.forEach((k, v) -> multi.put(k, List.of(v)));
    event.setMultiValueHeaders(multi);
    event.setIsBase64Encoded(false);
    event.setRequestContext(context(upgrade, apiId, stage, "$disconnect", "DISCONNECT", now));
    return event;
  }

  private static APIGatewayV2WebSocketEvent.RequestContext context(Upgrade upgrade, String apiId, String stage,
                                                                   String routeKey, String eventType, long now) {
    APIGatewayV2WebSocketEvent.RequestContext context = new APIGatewayV2WebSocketEvent.RequestContext();
    String requestId = Ids.requestId();
    context.setRouteKey(routeKey);
    context.setEventType(eventType);
    context.setExtendedRequestId(requestId);
    context.setRequestId(requestId);
    context.setRequestTime(REQUEST_TIME.format(Instant.ofEpochMilli(now)));
    context.setRequestTimeEpoch(now);
    context.setMessageDirection("IN");
    context.setStage(stage);
    context.setConnectedAt(upgrade.connectedAt());
    context.setDomainName(upgrade.domainName());
    context.setConnectionId(upgrade.connectionId());
    context.setApiId(apiId);
    APIGatewayV2WebSocketEvent.RequestIdentity identity = new APIGatewayV2WebSocketEvent.RequestIdentity();
    identity.setSourceIp(upgrade.sourceIp());
    identity.setUserAgent(upgrade.headers().get("User-Agent"));
    context.setIdentity(identity);
    return context;
  }

  /** API Gateway's single-valued maps hold the last value of a repeated name. */
  private static Map<String, String> single(MultiMap values) {
    Map<String, String> map = new LinkedHashMap<>();
    values.forEach(e -> map.put(e.getKey(), e.getValue()));
    return map;
  }

  private static Map<String, List<String>> multi(MultiMap values) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    values.forEach(e -> map.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    return map;
  }
}
