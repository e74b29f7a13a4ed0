/**
 * The direct WebSocket transport: handshake, per-socket outbound bound and flushing, and the
 * adapter from a socket to a {@code session.ChatProtocol}. Knows no room and no owner.
 */
package io.pulsechat.gateway.ws;
