package io.pulsechat.gateway.hub.routing;

/**
 * The node owning a room left the fleet before it answered. The command may or may not have
 * taken effect: a message may have been stored, so a resend must keep its client message id.
 */
public final class OwnerLeftException extends RuntimeException {
  public OwnerLeftException(String node) {
    super("the room's owner, node " + node + ", left the fleet before it answered", null, false, false);
  }
}
