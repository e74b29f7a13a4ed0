package io.pulsechat.gateway.apigw;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Meters of the API Gateway front door. */
final class ApiGatewayMeters {
  final Counter gone;
  final Counter postsDropped;
  final Counter orphaned;
  final Counter lateFrames;

  ApiGatewayMeters(MeterRegistry registry) {
    gone = Counter.builder("pulsechat.apigw.gone")
        .description("connections dropped from their rooms because PostToConnection answered 410").register(registry);
    postsDropped = Counter.builder("pulsechat.apigw.posts.dropped")
        .description("frames given up after PostToConnection kept failing (429, 5xx, network)").register(registry);
    orphaned = Counter.builder("pulsechat.apigw.orphaned")
        .description("connections closed at API Gateway because their home node left the fleet").register(registry);
    lateFrames = Counter.builder("pulsechat.apigw.frames.late")
        .description("frames that reached their connection's home after CHAT_APIGW_REORDER_MS, out of order")
        .register(registry);
  }
}
