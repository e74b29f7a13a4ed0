/**
 * The connections: the pool spread over event loops, URLs and source addresses, each member's
 * client side of PROTOCOL.md (join, send on schedule, receive), and the per-loop recording.
 */
package io.pulsechat.loadgen.pool;
