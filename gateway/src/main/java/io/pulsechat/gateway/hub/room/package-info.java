/**
 * The owner side of a room: one shard per event loop owns a share of the rooms, sequences their
 * messages, stores them, releases them in order, keeps presence and dedup, and answers every
 * {@code ShardCommand} with a {@code ShardReply}. Frames leave through {@code delivery.FanOut};
 * it never sees a socket, and its {@code Room} state is touched only through Room's operations.
 * What happens when a room moves here from an owner that left is the fleet's word
 * ({@code routing.Takeover}); the owner offers the operations (take back a node's connections,
 * drop a node's connections).
 */
package io.pulsechat.gateway.hub.room;
