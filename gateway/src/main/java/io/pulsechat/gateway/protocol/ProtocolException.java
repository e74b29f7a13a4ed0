package io.pulsechat.gateway.protocol;

/**
 * A client frame that the gateway answers with an {@code error} frame.
 *
 * @see ServerFrames#error(ErrorCode, String, String)
 */
public final class ProtocolException extends RuntimeException {
  private final ErrorCode code;
  private final String ref;

  public ProtocolException(ErrorCode code, String message, String ref) {
    super(message, null, false, false);
    this.code = code;
    this.ref = ref;
  }

  public ErrorCode code() {
    return code;
  }

  /** The clientMsgId or request type the error answers, or null when the frame had neither. */
  public String ref() {
    return ref;
  }
}
