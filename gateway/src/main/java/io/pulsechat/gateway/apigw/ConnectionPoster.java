package io.pulsechat.gateway.apigw;

import io.pulsechat.gateway.aws.Backoff;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.LimitExceededException;

/**
 * Sends queued frames with PostToConnection: at most one call in flight per connection (order)
 * and {@code maxInFlight} in all (a semaphore, so a big room's fan-out cannot open thousands of
 * calls at once). A 410 {@code GoneException} reports the connection that was posted to as
 * gone; 429 {@code LimitExceededException}, 5xx and network errors are retried with backoff and
 * jitter, then the frame is given up. Confined to one event loop context.
 */
final class ConnectionPoster {
  private static final Logger log = LoggerFactory.getLogger(ConnectionPoster.class);

  private final ApiGatewayManagementApiAsyncClient client;
  private final Context context;
  private final int maxInFlight;
  private final Backoff backoff;
  private final Consumer<String> onGone;
  private final Runnable onDropped;
  private final ArrayDeque<ApiGatewayConnection> ready = new ArrayDeque<>();
  private int inFlight;

  ConnectionPoster(ApiGatewayManagementApiAsyncClient client, Context context, int maxInFlight, Backoff backoff,
                   Consumer<String> onGone, Runnable onDropped) {
    this.client = client;
    this.context = context;
    this.maxInFlight = maxInFlight;
    this.backoff = backoff;
    this.onGone = onGone;
    this.onDropped = onDropped;
  }

  /** The connection has a frame to send; it is queued unless a post of it is already on its way. */
  void ready(ApiGatewayConnection c) {
    if (!c.posting) {
      c.posting = true;
      ready.addLast(c);
      pump();
    }
  }

  /** Closes a connection at API Gateway (DeleteConnection), e.g. for abuse; failures are only logged. */
  Future<Void> disconnect(String connectionId) {
    return Future.fromCompletionStage(client.deleteConnection(b -> b.connectionId(connectionId)), context)
        .onFailure(e -> log.debug("DeleteConnection {} failed: {}", connectionId, e.toString()))
        .mapEmpty();
  }

  int inFlight() {
    return inFlight;
  }

  private void pump() {
    while (inFlight < maxInFlight && !ready.isEmpty()) {
      post(ready.pollFirst());
    }
  }

  private void post(ApiGatewayConnection c) {
    Buffer frame = c.head();
    if (frame == null || !c.isOpen()) {
      c.posting = false;
      return;
    }
    inFlight++;
    c.attempts++;
    Future.fromCompletionStage(client.postToConnection(b -> b.connectionId(c.id())
            .data(SdkBytes.fromByteArrayUnsafe(frame.getBytes()))), context)
        .onComplete(ar -> {
          inFlight--;
          if (ar.succeeded()) {
            c.removeHead();
            next(c);
          } else {
            failed(c, ar.cause() instanceof CompletionException e && e.getCause() != null ? e.getCause() : ar.cause());
          }
          pump();
        });
  }

  private void failed(ApiGatewayConnection c, Throwable cause) {
    if (cause instanceof GoneException || cause instanceof AwsServiceException e && e.statusCode() == 410) {
      c.posting = false;
      c.close();
      onGone.accept(c.id());
      return;
    }
    boolean retryable = cause instanceof LimitExceededException || cause instanceof SdkClientException
        || cause instanceof AwsServiceException e && (e.statusCode() == 429 || e.statusCode() >= 500);
    if (retryable && backoff.allowsRetry(c.attempts)) {
      context.owner().setTimer(backoff.delayMillis(c.attempts), id -> {
        ready.addLast(c);
        pump();
      });
      return;
    }
    log.debug("PostToConnection {} failed, frame dropped: {}", c.id(), cause.toString());
    onDropped.run();
    c.removeHead();
    next(c);
  }

  private void next(ApiGatewayConnection c) {
    if (c.head() != null && c.isOpen()) {
      ready.addLast(c);
    } else {
      c.posting = false;
    }
  }
}
