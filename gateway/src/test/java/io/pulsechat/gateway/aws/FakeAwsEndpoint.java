package io.pulsechat.gateway.aws;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A local HTTP server standing in for an AWS endpoint: records what the SDK really sends and
 * answers with whatever the test's responder says, as the service would.
 */
public final class FakeAwsEndpoint implements AutoCloseable {
  public static final String ACCESS_KEY = "AKIDPULSECHATTEST";
  /** SigV4 as the SDK signs: credential scope, signed headers, a 64-hex-digit signature. */
  public static Pattern sigV4(String service) {
    return Pattern.compile("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/\\d{8}/us-east-1/" + service
        + "/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}");
  }

  /** One request as received. */
  public record Request(String method, String path, MultiMap headers, String body) {
  }

  /** One answer: status, content type, body and an optional x-amzn-ErrorType. */
  public record Reply(int status, String contentType, String body, String errorType) {
    public static Reply ok(String contentType, String body) {
      return new Reply(200, contentType, body, null);
    }
  }

  private final Vertx vertx;
  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile Function<Request, Future<Reply>> responder;

  private FakeAwsEndpoint(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  public static FakeAwsEndpoint start(Vertx vertx, Function<Request, Future<Reply>> responder) throws Exception {
    HttpServer server = vertx.createHttpServer();
    FakeAwsEndpoint fake = new FakeAwsEndpoint(vertx, server);
    fake.responder = responder;
    server.requestHandler(req -> req.body().onSuccess(body -> {
      Request recorded = new Request(req.method().name(), req.path(), MultiMap.caseInsensitiveMultiMap()
          .addAll(req.headers()), body.toString());
      fake.requests.add(recorded);
      fake.responder.apply(recorded).onSuccess(reply -> {
        var response = req.response().setStatusCode(reply.status()).putHeader("content-type", reply.contentType())
            .putHeader("x-amzn-RequestId", "fake-" + fake.requests.size());
        if (reply.errorType() != null) {
          response.putHeader("x-amzn-ErrorType", reply.errorType());
        }
        response.end(reply.body());
      });
    }));
    server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return fake;
  }

  public void respondWith(Function<Request, Future<Reply>> responder) {
    this.responder = responder;
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  public List<Request> requests() {
    return requests;
  }

  /** Clients signed with a fixed test key, built as the gateway builds them. */
  public static AwsClients clients() {
    return new AwsClients(Optional.empty(),
        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, "test-secret")));
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

}
