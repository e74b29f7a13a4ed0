/**
 * The per-event-loop end of the hub: which of this loop's connections are in which room
 * ({@code LoopMembers}, the one record of a connection's rooms), and writing each broadcast's
 * pre-encoded bytes to them. Never decides who may be in a room: that is the owner's word.
 */
package io.pulsechat.gateway.hub.delivery;
