package io.pulsechat.gateway.ws;

import io.netty.channel.ChannelHandlerContext;
import io.pulsechat.gateway.hub.delivery.Connection;
import io.pulsechat.gateway.metrics.GatewayMetrics;
import io.pulsechat.gateway.protocol.CloseCode;
import io.pulsechat.gateway.protocol.EncodedFrame;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;

/**
 * A {@link Connection} over a Vert.x server WebSocket.
 *
 * <p>Frames are written as the shared, pre-framed bytes of {@link EncodedFrame} straight to the
 * socket's Netty channel (no per-recipient encoding or copy) and flushed once per event-loop
 * pass by the {@link Flusher}. The channel's writability is the outbound bound
 * ({@code setWriteQueueMaxSize} sets its high-water mark): when it is passed the reader is too
 * slow, so it is closed with 1013 and gets nothing more, and can neither delay the others nor
 * grow the heap.
 */
final class WebSocketConnection implements Connection {
  private final String id;
  private final ServerWebSocket socket;
  private final ChannelHandlerContext channel;
  private final Flusher flusher;
  private final GatewayMetrics metrics;
  private final Runnable onSlowReader;
  private boolean open = true;
  private boolean flushScheduled;

  WebSocketConnection(String id, ServerWebSocket socket, int outboundMaxBytes, Flusher flusher, GatewayMetrics metrics,
                      Runnable onSlowReader) {
    this.id = id;
    this.socket = socket;
    this.channel = ((WebSocketInternal) socket).channelHandlerContext();
    this.flusher = flusher;
    this.metrics = metrics;
    this.onSlowReader = onSlowReader;
    socket.setWriteQueueMaxSize(outboundMaxBytes);
  }

  @Override
  public String id() {
    return id;
  }

  /** Call on the socket's event loop. */
  @Override
  public void send(EncodedFrame frame) {
    if (!open || socket.isClosed()) {
      return;
    }
    channel.write(frame.webSocketTextFrame().duplicate(), channel.voidPromise());
    if (!flushScheduled) {
      flushScheduled = true;
      flusher.schedule(this);
    }
    if (!channel.channel().isWritable()) {
      // Bytes written in this pass and not flushed yet are no sign of a slow reader: flush, then judge.
      flush();
    }
    if (!channel.channel().isWritable()) {
      metrics.slowReaderClosed();
      close(CloseCode.TRY_AGAIN_LATER);
      onSlowReader.run();
    }
  }

  void flush() {
    flushScheduled = false;
    channel.flush();
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
