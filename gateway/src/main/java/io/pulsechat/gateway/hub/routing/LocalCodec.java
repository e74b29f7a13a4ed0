package io.pulsechat.gateway.hub.routing;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/** Objects that stay in the process (frames for this node's event loops): by reference only. */
public final class LocalCodec extends ReferenceCodec {
  public static final String NAME = "pulsechat-local";

  private LocalCodec() {
    super(NAME);
  }

  public static void registerOn(EventBus eventBus) {
    register(eventBus, new LocalCodec());
  }

  @Override
  protected JsonObject toJson(Object o) {
    throw new UnsupportedOperationException("local-only codec: " + o.getClass().getName() + " cannot leave the process");
  }

  @Override
  protected Object fromJson(JsonObject json) {
    throw new UnsupportedOperationException("local-only codec");
  }
}
