package io.pulsechat.gateway.sentiment;

/**
 * A published model (or its pointer) that the gateway will not use: corrupt, of an unknown
 * format version, or not what the pointer promised. Not retried until the pointer changes.
 */
public final class ModelRefusedException extends RuntimeException {
  public ModelRefusedException(String message) {
    super(message);
  }

  public ModelRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
