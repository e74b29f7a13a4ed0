/**
 * What one client may make the network side hold, enforced before any HTTP or WebSocket code
 * runs: connections per source address and in total ({@link io.pulsechat.gateway.net.ConnectionLimits},
 * shared by every event loop), and the time a connection may take to send its request headers
 * or sit idle between requests ({@link io.pulsechat.gateway.net.ConnectionGuard}, one per event loop).
 */
package io.pulsechat.gateway.net;
