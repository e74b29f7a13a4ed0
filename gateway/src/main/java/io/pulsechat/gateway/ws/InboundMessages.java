package io.pulsechat.gateway.ws;

import io.pulsechat.gateway.protocol.CloseCode;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Puts one socket's data frames together into messages, as Vert.x's own text handler would,
 * but strictly: a message whose fragments add up to more than the bound closes the connection
 * with 1009 (Vert.x dropped it without a word), and a text message that is not valid UTF-8
 * closes it with 1007 (Vert.x replaced the bad bytes). A single frame over the bound never gets
 * here: Netty's decoder refuses it. Lives on the socket's event loop.
 */
final class InboundMessages implements Handler<WebSocketFrame> {

  /** Where whole messages go. */
  interface Sink {
    void text(String text);

    void binary();

    /** The client broke the rules of the transport: close with this code. */
    void refuse(CloseCode code);
  }

  private final int maxBytes;
  private final Sink sink;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  /** The fragments so far of a message not finished yet; null between messages. */
  private Buffer partial;
  private boolean partialIsText;
  private boolean refused;

  InboundMessages(int maxBytes, Sink sink) {
    this.maxBytes = maxBytes;
    this.sink = sink;
  }

  @Override
  public void handle(WebSocketFrame frame) {
    if (refused) {
      return;
    }
    if (frame.isText() || frame.isBinary()) {
      if (frame.isFinal()) {
        deliver(frame.isText(), frame.binaryData());
      } else {
        partial = Buffer.buffer(Math.min(maxBytes, 2 * frame.binaryData().length())).appendBuffer(frame.binaryData());
        partialIsText = frame.isText();
      }
    } else if (frame.isContinuation() && partial != null) {
      // Netty's decoder already closed a connection sending a continuation outside a fragmented message.
      if (partial.length() + frame.binaryData().length() > maxBytes) {
        partial = null;
        refuse(CloseCode.MESSAGE_TOO_BIG);
        return;
      }
      partial.appendBuffer(frame.binaryData());
      if (frame.isFinal()) {
        Buffer whole = partial;
        partial = null;
        deliver(partialIsText, whole);
      }
    }
  }

  private void deliver(boolean text, Buffer payload) {
    if (!text) {
      sink.binary();
      return;
    }
    String decoded;
    try {
      decoded = utf8.reset().decode(ByteBuffer.wrap(payload.getBytes())).toString();
    } catch (CharacterCodingException e) {
      refuse(CloseCode.INVALID_PAYLOAD);
      return;
    }
    sink.text(decoded);
  }

  private void refuse(CloseCode code) {
    refused = true;
    sink.refuse(code);
  }
}
