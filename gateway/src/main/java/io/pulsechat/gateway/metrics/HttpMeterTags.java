package io.pulsechat.gateway.metrics;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Tags of Vert.x's HTTP server meters with bounded values only. Vert.x tags each request with
 * its raw method, so every made-up method name ({@code FOO1}, {@code FOO2}, ...) used to add
 * meters; here a method outside the standard ones is {@code other}, and requests carry the
 * route template that matched them ({@code /api/rooms/:room/messages}) or {@code unmatched},
 * never the path.
 */
public final class HttpMeterTags {
  private static final Set<HttpMethod> KNOWN = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
      HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.OPTIONS, HttpMethod.CONNECT, HttpMethod.TRACE);

  private HttpMeterTags() {
  }

  /** Vert.x's meters with the method label replaced by a bounded one and the route template added. */
  public static MicrometerMetricsOptions options() {
    EnumSet<Label> labels = EnumSet.noneOf(Label.class);
    labels.addAll(MicrometerMetricsOptions.DEFAULT_LABELS);
    labels.remove(Label.HTTP_METHOD);
    labels.add(Label.HTTP_ROUTE);
    return new MicrometerMetricsOptions().setEnabled(true).setLabels(labels)
        .setServerRequestTagsProvider(HttpMeterTags::serverTags);
  }

  /** Names an empty route (no route matched the request) {@code unmatched}. */
  public static MeterFilter unmatchedRoute() {
    return MeterFilter.replaceTagValues(Label.HTTP_ROUTE.toString(), v -> v.isEmpty() ? "unmatched" : v);
  }

  static Iterable<Tag> serverTags(HttpRequest request) {
    return Tags.of(Label.HTTP_METHOD.toString(), method(request.method()));
  }

  static String method(HttpMethod method) {
    return KNOWN.contains(method) ? method.name() : "other";
  }
}
