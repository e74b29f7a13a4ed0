package io.pulsechat.gateway.apigw;

import io.pulsechat.gateway.hub.routing.ReferenceCodec;
import io.pulsechat.gateway.protocol.EncodedFrame;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/** Frames on their way to a connection's home, and its answers: by reference locally, as JSON between nodes. */
final class InboundCodec extends ReferenceCodec {
  static final String NAME = "pulsechat-apigw";

  private InboundCodec() {
    super(NAME);
  }

  static void registerOn(EventBus eventBus) {
    register(eventBus, new InboundCodec());
  }

  @Override
  protected JsonObject toJson(Object o) {
    if (o instanceof Inbound.Frame f) {
      return new JsonObject().put("connectionId", f.connectionId()).put("text", f.text())
          .put("receivedAt", f.receivedAt()).put("sourceIp", f.sourceIp());
    } else if (o instanceof Inbound.Reply r) {
      return new JsonObject().put("reply", r.frame() == null ? null : r.frame().json().toString());
    }
    throw new IllegalArgumentException("no wire form for " + o.getClass().getName());
  }

  @Override
  protected Object fromJson(JsonObject json) {
    if (json.containsKey("connectionId")) {
      return new Inbound.Frame(json.getString("connectionId"), json.getString("text"),
          json.getLong("receivedAt", -1L), json.getString("sourceIp"));
    }
    String reply = json.getString("reply");
    return new Inbound.Reply(reply == null ? null : new EncodedFrame(Buffer.buffer(reply)));
  }
}
