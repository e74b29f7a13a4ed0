/**
 * How callers reach a room's owner: the sealed {@code ShardCommand} and {@code ShardReply}, the
 * {@code RoomDirectory} that sends one and returns the other on the caller's context, the
 * event-bus addresses, and the codecs (by reference in the process, JSON between nodes). Also
 * the port to the fleet, {@code Fleet} (with {@code Takeover}): {@code Fleet.alone} for one
 * process, {@code cluster.HazelcastFleet} for many. Holds no room state.
 */
package io.pulsechat.gateway.hub.routing;
