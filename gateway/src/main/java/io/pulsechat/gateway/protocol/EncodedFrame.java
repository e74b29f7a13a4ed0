package io.pulsechat.gateway.protocol;

import io.vertx.core.buffer.Buffer;

/**
 * A server frame serialized once, to be written unchanged to every recipient. The buffer is a
 * Vert.x heap buffer, whose backing bytes are never released, so many sockets can share it.
 */
public record EncodedFrame(Buffer json) {
  public int size() {
    return json.length();
  }

  @Override
  public String toString() {
    return json.toString();
  }
}
