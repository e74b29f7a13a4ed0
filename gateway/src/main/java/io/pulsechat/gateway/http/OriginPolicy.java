package io.pulsechat.gateway.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which web pages may talk to the gateway from a browser: the gateway's own origin always, and
 * either the origins of {@code CHAT_ALLOWED_ORIGINS} or, when it is empty, pages on this
 * machine (localhost, 127.0.0.1, [::1], any port). {@code *} allows every origin. A request
 * without an {@code Origin} header does not come from a web page (loadgen, curl, API Gateway)
 * and is allowed.
 */
public final class OriginPolicy {
  private final boolean any;
  private final Set<String> allowed;

  public OriginPolicy(List<String> configured) {
    this.any = configured.contains("*");
    this.allowed = configured.stream().map(OriginPolicy::normalize).collect(Collectors.toUnmodifiableSet());
  }

  /** True when a page of {@code origin} may use the gateway reached as {@code host} (the Host header). */
  public boolean allows(String origin, String host) {
    if (origin == null || any) {
      return true;
    }
    URI uri;
    try {
      uri = URI.create(origin.trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (uri.getHost() == null || uri.getScheme() == null) {
      // "null" (sandboxed frames, file: pages) and anything unparseable.
      return false;
    }
    if (host != null && authority(uri).equalsIgnoreCase(host.trim())) {
      return true;
    }
    if (allowed.isEmpty()) {
      String h = uri.getHost().toLowerCase(Locale.ROOT);
      return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]");
    }
    return allowed.contains(normalize(origin));
  }

  private static String authority(URI uri) {
    return uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  private static String normalize(String origin) {
    String o = origin.trim().toLowerCase(Locale.ROOT);
    return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
  }
}
