package io.pulsechat.localaws;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * The stack's CloudFront distribution on one port: {@code /api/*} goes to the gateways (in AWS:
 * CloudFront → HTTP API → VPC link → internal NLB; here round-robin over the gateways), every
 * other GET to the client bucket ({@code /} is {@code index.html}, the DefaultRootObject). The
 * client and its rooms API share this origin, as in AWS, so the browser needs no CORS. No TLS,
 * no caching, no compression.
 */
public final class CloudFrontStandIn {
  /** Headers passed back from the origin; S3's own (ETag, x-amz-*) are dropped as CloudFront keeps only these here. */
  private static final Set<String> PASSED = Set.of("content-type", "cache-control", "content-length", "etag");

  private final Vertx vertx;
  private final URI bucket;
  private final Targets gateways;
  private final HttpClient client;
  private HttpServer server;

  /** {@code bucket}: the bucket's base, e.g. {@code http://127.0.0.1:9000/client}; {@code gateways}: their base URLs. */
  public CloudFrontStandIn(Vertx vertx, URI bucket, List<URI> gateways) {
    this.vertx = vertx;
    this.bucket = bucket;
    this.gateways = new Targets(gateways);
    this.client = vertx.createHttpClient();
  }

  public Future<CloudFrontStandIn> start(String host, int port) {
    return vertx.createHttpServer().requestHandler(this::handle).listen(port, host).map(s -> {
      server = s;
      return this;
    });
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.actualPort() + "/");
  }

  private void handle(HttpServerRequest request) {
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      request.response().setStatusCode(403).end();
      return;
    }
    String path = request.path();
    if (path.startsWith("/api/")) {
      proxy(request, null, gateways.size());
    } else {
      proxy(request, bucket + (path.equals("/") ? "/index.html" : path), 1);
    }
  }

  /** {@code target} null: the next gateway, skipping one that refuses, as the NLB behind the HTTP API would. */
  private void proxy(HttpServerRequest request, String fixedTarget, int attemptsLeft) {
    URI gateway = fixedTarget == null ? gateways.next() : null;
    String target = fixedTarget != null ? fixedTarget : gateway.resolve(request.uri()).toString();
    client.request(new RequestOptions().setMethod(request.method()).setAbsoluteURI(target).setTimeout(30_000))
        .compose(req -> req.send())
        .compose(response -> response.body().map(body -> {
          var out = request.response().setStatusCode(response.statusCode());
          response.headers().forEach(h -> {
            if (PASSED.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
              out.putHeader(h.getKey(), h.getValue());
            }
          });
          out.end(body);
          return (Void) null;
        }))
        .onFailure(e -> {
          if (gateway != null && attemptsLeft > 1 && e instanceof java.net.ConnectException) {
            gateways.failed(gateway);
            proxy(request, null, attemptsLeft - 1);
            return;
          }
          if (!request.response().ended()) {
            request.response().setStatusCode(502).end(Buffer.buffer("origin unreachable: " + e.getMessage()));
          }
        });
  }
}
