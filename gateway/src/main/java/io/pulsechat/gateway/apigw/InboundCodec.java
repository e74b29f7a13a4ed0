package io.pulsechat.gateway.apigw;

import io.pulsechat.gateway.protocol.EncodedFrame;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/** Frames on their way to a connection's home, and its answers: by reference locally, as JSON between nodes. */
final class InboundCodec implements MessageCodec<Object, Object> {
  static final String NAME = "pulsechat-apigw";

  static void registerOn(EventBus eventBus) {
    try {
      eventBus.registerCodec(new InboundCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // another verticle of this Vert.x instance registered it first
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, Object o) {
    JsonObject json;
    if (o instanceof Inbound.Frame f) {
      json = new JsonObject().put("connectionId", f.connectionId()).put("text", f.text());
    } else if (o instanceof Inbound.Reply r) {
      json = new JsonObject().put("reply", r.frame() == null ? null : r.frame().json().toString());
    } else {
      throw new IllegalArgumentException("no wire form for " + o.getClass().getName());
    }
    Buffer bytes = json.toBuffer();
    buffer.appendInt(bytes.length()).appendBuffer(bytes);
  }

  @Override
  public Object decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    JsonObject json = new JsonObject(buffer.slice(pos + 4, pos + 4 + length));
    if (json.containsKey("connectionId")) {
      return new Inbound.Frame(json.getString("connectionId"), json.getString("text"));
    }
    String reply = json.getString("reply");
    return new Inbound.Reply(reply == null ? null : new EncodedFrame(Buffer.buffer(reply)));
  }

  @Override
  public Object transform(Object o) {
    return o;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
