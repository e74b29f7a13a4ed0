package io.pulsechat.gateway.ws;

import io.pulsechat.gateway.protocol.CloseCode;
import io.pulsechat.gateway.protocol.EncodedFrame;
import io.pulsechat.gateway.session.ChatProtocol;

/**
 * A direct WebSocket client's session: the shared {@link ChatProtocol}, answering each frame
 * on the socket itself. Lives on the event loop of its socket.
 */
final class ChatSession implements ChatProtocol.Replies {
  private final WebSocketConnection connection;
  private final ChatProtocol protocol;

  ChatSession(WebSocketConnection connection, ChatProtocol.Services services, String address) {
    this.connection = connection;
    this.protocol = new ChatProtocol(connection, services, address, System.nanoTime());
  }

  void onText(String text) {
    protocol.onText(text, System.nanoTime(), this);
  }

  void onBinary() {
    protocol.onBinary(this);
  }

  /** The socket is gone, or about to be: leave every room so the others see it go. */
  void onClose() {
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
