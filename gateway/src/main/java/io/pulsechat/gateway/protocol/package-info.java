/**
 * PROTOCOL.md as types: client frames and their validation, server frames encoded once, error
 * and close codes. No I/O and no state.
 */
package io.pulsechat.gateway.protocol;
