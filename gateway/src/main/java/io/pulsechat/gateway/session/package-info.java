/**
 * One client connection's side of PROTOCOL.md, whatever carries it: identity, send rate and
 * abuse limits, and the answer to each frame. Asks {@code hub.delivery} which rooms it is in
 * and {@code hub.routing} for the owner's word; maps every reply to a protocol error in one place.
 */
package io.pulsechat.gateway.session;
