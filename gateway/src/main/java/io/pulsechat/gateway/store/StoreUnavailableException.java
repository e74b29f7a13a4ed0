package io.pulsechat.gateway.store;

/** Storage cannot take a message now; nothing was stored and the sender may resend later. */
public final class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(String message) {
    super(message, null, false, false);
  }

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
