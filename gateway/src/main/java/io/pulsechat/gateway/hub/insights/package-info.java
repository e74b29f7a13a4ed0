/**
 * Mood and alerts: the sliding-window mood of a room, its per-minute series, and spike
 * detection with the alert sinks. Pure computation over sentiments, used by the room owner;
 * no event bus, no storage calls.
 */
package io.pulsechat.gateway.hub.insights;
