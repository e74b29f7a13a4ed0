/**
 * The gateway's meters (Prometheus, optionally CloudWatch). Other packages count through
 * {@code GatewayMetrics}; this package never calls back into them.
 */
package io.pulsechat.gateway.metrics;
