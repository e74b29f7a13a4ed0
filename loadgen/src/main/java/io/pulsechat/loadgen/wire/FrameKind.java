package io.pulsechat.loadgen.wire;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Tells the two frames that arrive by the hundred thousand ({@code message}, {@code ack}) from
 * the rest by their first bytes, as the gateway and the Node yardstick both write {@code type}
 * first. Any other frame, or a server that orders its keys otherwise, takes the JSON path.
 */
public enum FrameKind {
  MESSAGE, ACK, OTHER;

  private static final byte[] MESSAGE_PREFIX = "{\"type\":\"message\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ACK_PREFIX = "{\"type\":\"ack\"".getBytes(StandardCharsets.US_ASCII);

  public static FrameKind of(Buffer frame) {
    if (startsWith(frame, MESSAGE_PREFIX)) {
      return MESSAGE;
    }
    if (startsWith(frame, ACK_PREFIX)) {
      return ACK;
    }
    return OTHER;
  }

  private static boolean startsWith(Buffer b, byte[] prefix) {
    if (b.length() < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b.getByte(i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
