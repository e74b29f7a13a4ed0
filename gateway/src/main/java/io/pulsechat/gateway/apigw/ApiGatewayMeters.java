package io.pulsechat.gateway.apigw;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Meters of the API Gateway front door. */
final class ApiGatewayMeters {
  final Counter gone;
  final Counter postsDropped;

  ApiGatewayMeters(MeterRegistry registry) {
    gone = Counter.builder("pulsechat.apigw.gone")
        .description("connections dropped from their rooms because PostToConnection answered 410").register(registry);
    postsDropped = Counter.builder("pulsechat.apigw.posts.dropped")
        .description("frames given up after PostToConnection kept failing (429, 5xx, network)").register(registry);
  }
}
