/**
 * The load generator's view of PROTOCOL.md: the {@code clientMsgId} that carries send time,
 * sender and sequence, and the byte-level fast path that reads it from {@code message} and
 * {@code ack} frames without a JSON parse.
 */
package io.pulsechat.loadgen.wire;
