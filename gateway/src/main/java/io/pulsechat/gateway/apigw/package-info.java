/**
 * The API Gateway front door: connections that API Gateway holds, their frames arriving over
 * HTTP and their answers leaving through PostToConnection. Owns each such connection's home
 * node and session; reaches rooms only through {@code session} and {@code hub.delivery}, never a
 * room owner directly, and knows nothing of WebSocket sockets.
 */
package io.pulsechat.gateway.apigw;
