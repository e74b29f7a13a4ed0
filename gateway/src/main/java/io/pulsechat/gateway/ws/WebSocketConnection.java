package io.pulsechat.gateway.ws;

import io.netty.buffer.ByteBuf;
import io.pulsechat.gateway.hub.Connection;
import io.pulsechat.gateway.metrics.GatewayMetrics;
import io.pulsechat.gateway.protocol.CloseCode;
import io.pulsechat.gateway.protocol.EncodedFrame;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * A {@link Connection} over a Vert.x server WebSocket. Frames go out as text frames over the
 * shared bytes of the encoded frame (no per-recipient copy or UTF-8 encoding). When the
 * outbound buffer passes its bound the reader is too slow: it is closed with 1013 and gets
 * nothing more, so it can neither delay the others nor grow the heap.
 */
final class WebSocketConnection implements Connection {
  private final String id;
  private final ServerWebSocket socket;
  private final GatewayMetrics metrics;
  private final Runnable onSlowReader;
  private boolean open = true;

  WebSocketConnection(String id, ServerWebSocket socket, int outboundMaxBytes, GatewayMetrics metrics,
                      Runnable onSlowReader) {
    this.id = id;
    this.socket = socket;
    this.metrics = metrics;
    this.onSlowReader = onSlowReader;
    socket.setWriteQueueMaxSize(outboundMaxBytes);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public void send(EncodedFrame frame) {
    if (!open || socket.isClosed()) {
      return;
    }
    ByteBuf shared = ((BufferInternal) frame.json()).getByteBuf();
    socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, shared, true));
    if (socket.writeQueueFull()) {
      metrics.slowReaderClosed();
      close(CloseCode.TRY_AGAIN_LATER);
      onSlowReader.run();
    }
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  void close(CloseCode code) {
    if (open) {
      open = false;
      socket.close(code.status(), code.reason());
    }
  }

  /** The socket closed by itself (client close, network). */
  void markClosed() {
    open = false;
  }
}
