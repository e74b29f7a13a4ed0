package io.pulsechat.trainer;

/**
 * A mistake in what the user asked for (a missing file, a bad option value): the CLI prints the
 * message, which names the file or option, without a stack trace, and exits with 2.
 */
final class UserError extends RuntimeException {
  UserError(String message) {
    super(message);
  }

  UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
