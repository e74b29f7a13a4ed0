package io.pulsechat.gateway.apigw;

import io.pulsechat.gateway.auth.Identity;
import io.pulsechat.gateway.protocol.EncodedFrame;
import io.pulsechat.gateway.session.ChatProtocol;
import io.pulsechat.gateway.session.TokenExpiry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * One API Gateway connection's session: the shared {@link ChatProtocol}, with each frame's
 * answer returned rather than sent, so that the front door can put it in the HTTP response of
 * the two-way route. Lives on the front door's event loop.
 */
final class ApiGatewaySession {

  /** The answer to one frame; {@code close} asks the front door to disconnect the client (1008). */
  record Answer(EncodedFrame frame, boolean close) {
    static Answer of(EncodedFrame frame) {
      return new Answer(frame, false);
    }
  }

  private final ApiGatewayConnection connection;
  private final ChatProtocol protocol;
  /** Token mode only; null in open mode. */
  private final TokenExpiry expiry;
  long lastSeenNanos;

  /** {@code address} shares one flag allowance over all the connections that have it. */
  ApiGatewaySession(ApiGatewayConnection connection, ChatProtocol.Services services, String address, long nowNanos) {
    this.connection = connection;
    this.protocol = new ChatProtocol(connection, services, address, nowNanos);
    this.lastSeenNanos = nowNanos;
    this.expiry = null;
  }

  /**
   * Token mode: the connection is {@code identity}'s, whatever its frames say; {@code expired}
   * runs when its token ends, unless an {@code auth} frame brought a fresh one.
   */
  ApiGatewaySession(ApiGatewayConnection connection, ChatProtocol.Services services, String address, long nowNanos,
                    Identity identity, Vertx vertx, Duration clockSkew, Runnable expired) {
    this.connection = connection;
    this.expiry = new TokenExpiry(vertx, clockSkew, expired);
    this.protocol = new ChatProtocol(connection, services, address, nowNanos, identity, expiry::at);
    this.lastSeenNanos = nowNanos;
    expiry.at(identity);
  }

  ApiGatewayConnection connection() {
    return connection;
  }

  Future<Answer> onText(String text, long nowNanos) {
    lastSeenNanos = nowNanos;
    Promise<Answer> answer = Promise.promise();
    protocol.onText(text, nowNanos, new ChatProtocol.Replies() {
      @Override
      public void reply(EncodedFrame frame) {
        answer.tryComplete(Answer.of(frame));
      }

      @Override
      public void replyAndClose(EncodedFrame frame) {
        answer.tryComplete(new Answer(frame, true));
      }

      @Override
      public void noReply() {
        answer.tryComplete(Answer.of(null));
      }
    });
    return answer.future();
  }

  /** The connection is gone (410, idle, abuse): leave every room so the others see it go. */
  void close() {
    if (expiry != null) {
      expiry.cancel();
    }
    connection.close();
    protocol.close();
  }
}
