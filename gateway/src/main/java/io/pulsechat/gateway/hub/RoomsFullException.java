package io.pulsechat.gateway.hub;

/** The shard holds as many rooms as it may, none of them empty: a new room cannot be loaded now. */
public final class RoomsFullException extends RuntimeException {
  public RoomsFullException(int rooms) {
    super("this gateway holds " + rooms + " rooms, the most it may; try again later", null, false, false);
  }
}
