package io.pulsechat.gateway.hub;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes immutable objects between event loops of one process by reference: no copy, no
 * serialization. Anything that must cross processes needs a real codec instead.
 */
public final class LocalCodec implements MessageCodec<Object, Object> {
  public static final String NAME = "pulsechat-local";

  /** Registers the codec once per Vert.x instance; later calls are no-ops. */
  public static void registerOn(EventBus eventBus) {
    try {
      eventBus.registerCodec(new LocalCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // another verticle of this Vert.x instance registered it first
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, Object o) {
    throw new UnsupportedOperationException("local-only codec: " + o.getClass().getName() + " cannot leave the process");
  }

  @Override
  public Object decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException("local-only codec");
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
