/**
 * The composition root: {@code Main} reads {@code GatewayConfig} once and {@code Gateway} builds
 * storage, the room shards, the fleet and the servers in order and stops them in reverse. The
 * only place that knows every other package; nothing else reads the environment.
 */
package io.pulsechat.gateway;
