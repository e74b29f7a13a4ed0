package io.pulsechat.localaws;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code RouteSelectionExpression: $request.body.type}: a frame whose JSON body has a string
 * {@code type} naming a route goes to that route; anything else (no such route, no type, not
 * JSON) goes to {@code $default}.
 */
final class RouteSelection {
  static final String DEFAULT = "$default";

  private RouteSelection() {
  }

  static String select(String body, Set<String> routeKeys) {
    try {
      Object type = new JsonObject(body).getValue("type");
      if (type instanceof String key && routeKeys.contains(key)) {
        return key;
      }
    } catch (DecodeException | ClassCastException e) {
      // not a JSON object: $default
    }
    return DEFAULT;
  }
}
