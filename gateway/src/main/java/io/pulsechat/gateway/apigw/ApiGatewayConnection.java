package io.pulsechat.gateway.apigw;

import io.pulsechat.gateway.hub.delivery.Connection;
import io.pulsechat.gateway.protocol.EncodedFrame;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * A client connected through API Gateway, as the hub sees it: frames for it queue here and
 * leave one at a time through {@link ConnectionPoster}, so that the client receives them in the
 * order the hub sent them (two PostToConnection calls in flight could overtake each other).
 * Lives on the API Gateway front door's event loop.
 */
final class ApiGatewayConnection implements Connection {
  private final String id;
  private final ConnectionPoster poster;
  private final long maxOutboundBytes;
  private final Consumer<ApiGatewayConnection> onSlowReader;
  private final ArrayDeque<Buffer> outbound = new ArrayDeque<>();
  private long outboundBytes;
  private boolean open = true;
  boolean posting;
  int attempts;

  /** Past {@code maxOutboundBytes} of unsent frames the client is a slow reader and is dropped. */
  ApiGatewayConnection(String id, ConnectionPoster poster, long maxOutboundBytes,
                       Consumer<ApiGatewayConnection> onSlowReader) {
    this.id = id;
    this.poster = poster;
    this.maxOutboundBytes = maxOutboundBytes;
    this.onSlowReader = onSlowReader;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public void send(EncodedFrame frame) {
    if (open) {
      outbound.addLast(frame.json());
      outboundBytes += frame.size();
      if (outboundBytes > maxOutboundBytes) {
        close();
        onSlowReader.accept(this);
        return;
      }
      poster.ready(this);
    }
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  long outboundBytes() {
    return outboundBytes;
  }

  Buffer head() {
    return outbound.peekFirst();
  }

  void removeHead() {
    Buffer sent = outbound.pollFirst();
    if (sent != null) {
      outboundBytes -= sent.length();
    }
    attempts = 0;
  }

  /** Gone or dropped: queued frames are discarded, later ones ignored. */
  void close() {
    open = false;
    outbound.clear();
    outboundBytes = 0;
  }
}
