/**
 * The HTTP routes of PROTOCOL.md: the browser client, the rooms API, health and metrics. Reads
 * rooms through {@code hub.routing.RoomDirectory} and history from {@code store}; holds no state.
 */
package io.pulsechat.gateway.http;
