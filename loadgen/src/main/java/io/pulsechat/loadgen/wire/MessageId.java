package io.pulsechat.loadgen.wire;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The server's {@code id} of a {@code message} frame, read from its bytes: a member that may
 * have to catch up keeps the last one it saw, to ask for {@code history after} it.
 */
public final class MessageId {
  private static final byte[] FIELD = "\"id\":\"".getBytes(StandardCharsets.US_ASCII);
  /** PROTOCOL.md's ids are short ASCII strings; anything longer is not one. */
  private static final int MAX = 200;

  private MessageId() {
  }

  /** The id, or null when the frame has none. */
  public static String find(Buffer frame) {
    int at = ClientMsgId.indexOf(frame, FIELD);
    if (at < 0) {
      return null;
    }
    int start = at + FIELD.length;
    int end = Math.min(frame.length(), start + MAX);
    for (int i = start; i < end; i++) {
      byte b = frame.getByte(i);
      if (b == '"') {
        return frame.getString(start, i, "US-ASCII");
      }
      if (b == '\\') {
        return null;
      }
    }
    return null;
  }
}
