package io.pulsechat.gateway.ws;

import io.pulsechat.gateway.GatewayConfig;
import io.pulsechat.gateway.hub.LocalRooms;
import io.pulsechat.gateway.hub.RoomDirectory;
import io.pulsechat.gateway.metrics.GatewayMetrics;
import io.pulsechat.gateway.protocol.FrameDecoder;
import io.pulsechat.gateway.store.FeedbackStore;
import io.pulsechat.gateway.store.MessageStore;

/** What every session of one event loop shares. */
record SessionContext(GatewayConfig config, FrameDecoder decoder, LocalRooms localRooms, RoomDirectory directory,
                      MessageStore store, FeedbackStore feedback, GatewayMetrics metrics) {
}
