package io.pulsechat.gateway.hub.routing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * Passes immutable objects between event loops of one process by reference: no copy, no
 * serialization. Between nodes of a fleet, a subclass's JSON form travels, length-prefixed, so
 * that no node deserializes Java objects from the network; {@link #toJson} refuses what must
 * never leave the process.
 */
public abstract class ReferenceCodec implements MessageCodec<Object, Object> {
  private final String name;

  protected ReferenceCodec(String name) {
    this.name = name;
  }

  /** Registers the codec once per Vert.x instance; later calls are no-ops. */
  protected static void register(EventBus eventBus, ReferenceCodec codec) {
    try {
      eventBus.registerCodec(codec);
    } catch (IllegalStateException alreadyRegistered) {
      // another verticle of this Vert.x instance registered it first
    }
  }

  protected abstract JsonObject toJson(Object o);

  protected abstract Object fromJson(JsonObject json);

  @Override
  public final void encodeToWire(Buffer buffer, Object o) {
    Buffer json = toJson(o).toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public final Object decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return fromJson(new JsonObject(buffer.slice(pos + 4, pos + 4 + length)));
  }

  @Override
  public final Object transform(Object o) {
    return o;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final byte systemCodecID() {
    return -1;
  }
}
