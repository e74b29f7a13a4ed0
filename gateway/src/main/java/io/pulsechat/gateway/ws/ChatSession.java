package io.pulsechat.gateway.ws;

import io.pulsechat.gateway.auth.Identity;
import io.pulsechat.gateway.protocol.CloseCode;
import io.pulsechat.gateway.protocol.EncodedFrame;
import io.pulsechat.gateway.session.ChatProtocol;
import io.pulsechat.gateway.session.TokenExpiry;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * A direct WebSocket client's session: the shared {@link ChatProtocol}, answering each frame
 * on the socket itself. In token mode it ends with 1008 "token expired" when its token does,
 * unless an {@code auth} frame brought a fresh one. Lives on the event loop of its socket.
 */
final class ChatSession implements ChatProtocol.Replies {
  private final WebSocketConnection connection;
  private final ChatProtocol protocol;
  private final TokenExpiry expiry;

  ChatSession(WebSocketConnection connection, ChatProtocol.Services services, String address) {
    this(connection, services, address, null, null, Duration.ZERO, () -> { });
  }

  /** {@code identity} null: open mode; otherwise {@code expired} runs once its token has. */
  ChatSession(WebSocketConnection connection, ChatProtocol.Services services, String address, Identity identity,
              Vertx vertx, Duration clockSkew, Runnable expired) {
    this.connection = connection;
    this.expiry = identity == null ? null : new TokenExpiry(vertx, clockSkew, () -> {
      expired.run();
      close(CloseCode.TOKEN_EXPIRED);
    });
    this.protocol = new ChatProtocol(connection, services, address, System.nanoTime(), identity,
        expiry == null ? i -> { } : expiry::at);
    if (expiry != null) {
      expiry.at(identity);
    }
  }

  void onText(String text) {
    protocol.onText(text, System.nanoTime(), this);
  }

  void onBinary() {
    protocol.onBinary(this);
  }

  /** The socket is gone, or about to be: leave every room so the others see it go. */
  void onClose() {
    if (expiry != null) {
      expiry.cancel();
    }
    connection.markClosed();
    protocol.close();
  }

  void close(CloseCode code) {
    connection.close(code);
    onClose();
  }

  @Override
  public void reply(EncodedFrame frame) {
    connection.send(frame);
  }

  @Override
  public void replyAndClose(EncodedFrame frame) {
    connection.send(frame);
    close(CloseCode.POLICY_VIOLATION);
  }

  @Override
  public void noReply() {
  }
}
