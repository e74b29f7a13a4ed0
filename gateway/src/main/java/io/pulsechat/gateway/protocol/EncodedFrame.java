package io.pulsechat.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;

/**
 * A server frame serialized once, to be written unchanged to every recipient. Server-to-client
 * WebSocket frames are not masked, so even the framed bytes (header and payload) are the same
 * for every member; they are built once, on first use, and shared read-only.
 */
public final class EncodedFrame {
  private final Buffer json;
  private volatile ByteBuf textFrame;

  public EncodedFrame(Buffer json) {
    this.json = json;
  }

  public Buffer json() {
    return json;
  }

  public int size() {
    return json.length();
  }

  /**
   * The whole WebSocket text frame (FIN, opcode 1, unmasked length, payload), never released:
   * write a {@code duplicate()} of it to each channel. Two threads racing here both build a
   * correct frame; one wins.
   */
  public ByteBuf webSocketTextFrame() {
    ByteBuf frame = textFrame;
    if (frame == null) {
      frame = buildTextFrame(json.getBytes());
      textFrame = frame;
    }
    return frame;
  }

  /**
   * Direct memory, because a socket writes only from direct memory: Netty would otherwise copy
   * a heap frame into a fresh direct buffer once per recipient. The JDK frees it when the frame
   * becomes unreachable; the wrapper never frees it on release.
   */
  private static ByteBuf buildTextFrame(byte[] payload) {
    int n = payload.length;
    int header = n < 126 ? 2 : n <= 0xFFFF ? 4 : 10;
    byte[] bytes = new byte[header + n];
    bytes[0] = (byte) 0x81;
    if (n < 126) {
      bytes[1] = (byte) n;
    } else if (n <= 0xFFFF) {
      bytes[1] = 126;
      bytes[2] = (byte) (n >>> 8);
      bytes[3] = (byte) n;
    } else {
      bytes[1] = 127;
      for (int i = 0; i < 8; i++) {
        bytes[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
      }
    }
    System.arraycopy(payload, 0, bytes, header, n);
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct));
  }

  @Override
  public String toString() {
    return json.toString();
  }
}
