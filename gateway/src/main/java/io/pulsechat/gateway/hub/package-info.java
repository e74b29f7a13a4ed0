/**
 * Rooms, split by who holds what: {@code room} (each room's one owner: ids, order, presence,
 * dedup), {@code delivery} (each event loop's sockets and the fan-out to them), {@code routing}
 * (the commands and replies between them, the directory and the event-bus addresses and codecs)
 * and {@code insights} (mood and alerts). The hub knows nothing of HTTP or WebSocket.
 */
package io.pulsechat.gateway.hub;
