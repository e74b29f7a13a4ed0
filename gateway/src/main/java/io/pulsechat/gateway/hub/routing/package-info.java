/**
 * How callers reach a room's owner: the sealed {@code ShardCommand} and {@code ShardReply}, the
 * {@code RoomDirectory} that sends one and returns the other on the caller's context, the
 * event-bus addresses, and the codecs (by reference in the process, JSON between nodes). Holds
 * no room state.
 */
package io.pulsechat.gateway.hub.routing;
