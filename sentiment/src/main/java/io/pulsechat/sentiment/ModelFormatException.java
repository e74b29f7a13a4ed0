package io.pulsechat.sentiment;

import java.io.IOException;

/** A model file that cannot be read: not a model, truncated, corrupt, or of an unknown version. */
public final class ModelFormatException extends IOException {
  public ModelFormatException(String message) {
    super(message);
  }

  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
