/**
 * The owner side of a room: one shard per event loop owns a share of the rooms, sequences their
 * messages, stores them, releases them in order, keeps presence and dedup, and answers every
 * {@code ShardCommand} with a {@code ShardReply}. Frames leave through {@code delivery.FanOut};
 * it never sees a socket, and its {@code Room} state is touched only through Room's operations.
 */
package io.pulsechat.gateway.hub.room;
