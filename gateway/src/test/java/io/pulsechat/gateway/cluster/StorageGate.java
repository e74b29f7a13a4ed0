package io.pulsechat.gateway.cluster;

import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * One node's way to the fleet's DynamoDB Local: a loopback HTTP proxy that passes every request
 * on, and, once {@link #holdWriteAnswers} is called, still passes writes on (so they are stored)
 * but keeps their answers from the node. A node killed then has stored messages it never learned
 * were stored: it neither acknowledged nor broadcast them, whatever the timing of the kill.
 */
final class StorageGate {
  /** DynamoDB's operations that write. */
  private static final Set<String> WRITES = Set.of("BatchWriteItem", "TransactWriteItems", "PutItem", "UpdateItem",
      "DeleteItem").stream().map(op -> "DynamoDB_20120810." + op).collect(Collectors.toSet());

  private final HttpServer server;
  private final HttpClient client;
  private final URI upstream;
  private volatile boolean holding;
  private final AtomicInteger held = new AtomicInteger();

  private StorageGate(HttpServer server, HttpClient client, URI upstream) {
    this.server = server;
    this.client = client;
    this.upstream = upstream;
  }

  /** A gate on a free loopback port in front of {@code upstream}. */
  static StorageGate open(Vertx vertx, URI upstream) {
    HttpServer server = vertx.createHttpServer();
    StorageGate gate = new StorageGate(server, vertx.createHttpClient(), upstream);
    server.requestHandler(gate::pass);
    TestGateway.await(server.listen(0, "127.0.0.1"), TestGateway.TIMEOUT);
    return gate;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  /** From now on, writes are stored but their answers never reach the node. */
  void holdWriteAnswers() {
    holding = true;
  }

  /** Writes of messages stored whose answers were held. */
  int held() {
    return held.get();
  }

  private void pass(HttpServerRequest request) {
    boolean write = WRITES.contains(request.getHeader("X-Amz-Target"));
    MultiMap headers = hopByHopRemoved(request.headers()).remove("Host");
    request.body()
        .compose(body -> client.request(new RequestOptions().setMethod(request.method()).setHost(upstream.getHost())
                .setPort(upstream.getPort()).setURI(request.uri()).setHeaders(headers))
            .compose(upstreamRequest -> upstreamRequest.send(body))
            .compose(response -> response.body().map(answer -> new Answer(response, answer,
                write && body.toString().contains("\"clientMsgId\"")))))
        .onSuccess(answer -> {
          if (write && holding) {
            if (answer.messages) {
              held.incrementAndGet();
            }
            return; // stored, and the node never hears so
          }
          request.response().setStatusCode(answer.response.statusCode()).headers()
              .addAll(hopByHopRemoved(answer.response.headers()));
          request.response().end(answer.body);
        })
        .onFailure(e -> request.response().setStatusCode(502).end());
  }

  /** The headers without those of one connection, which each side of the gate sets for its own. */
  private static MultiMap hopByHopRemoved(MultiMap headers) {
    return MultiMap.caseInsensitiveMultiMap().addAll(headers).remove("Content-Length").remove("Transfer-Encoding")
        .remove("Connection").remove("Expect");
  }

  private record Answer(HttpClientResponse response, Buffer body, boolean messages) {
  }

  Future<Void> close() {
    return server.close().eventually(client::close);
  }
}
