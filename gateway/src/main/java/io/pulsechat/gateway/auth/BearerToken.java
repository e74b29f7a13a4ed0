package io.pulsechat.gateway.auth;

import io.vertx.core.MultiMap;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a client puts its token: {@code Authorization: Bearer <token>}, or (a browser's
 * WebSocket, which cannot set headers; API Gateway's {@code $connect}) the {@code token} query parameter.
 */
public final class BearerToken {
  private static final String PREFIX = "bearer ";

  private BearerToken() {
  }

  /** The token in the headers or the query, or null when there is none. */
  public static String from(MultiMap headers, String query) {
    String header = fromHeader(headers.get("Authorization"));
    return header != null ? header : fromQuery(query);
  }

  /** The token of an {@code Authorization: Bearer} value, or null. */
  public static String fromHeader(String authorization) {
    if (authorization == null || authorization.length() <= PREFIX.length()
        || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return null;
    }
    return authorization.substring(PREFIX.length()).trim();
  }

  static String fromQuery(String query) {
    if (query == null || query.isEmpty()) {
      return null;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith("token=")) {
        try {
          return URLDecoder.decode(pair.substring("token=".length()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    return null;
  }
}
