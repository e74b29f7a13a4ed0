/**
 * Who a client is: signed user tokens (JWT) checked at the WebSocket handshake, on {@code /api/*}
 * and by the {@code auth} frame, with HS256 keys from the configuration or RS256/ES256 keys from
 * a JSON Web Key Set; and the {@code token} command that mints HS256 tokens.
 */
package io.pulsechat.gateway.auth;
