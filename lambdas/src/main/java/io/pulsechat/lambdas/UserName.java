package io.pulsechat.lambdas;

import java.util.Optional;

/**
 * The user rule of PROTOCOL.md: 1-32 code points, none of Unicode category Cc. A token's
 * {@code sub} follows the gateway's stricter rule for token users, up to 64 code points.
 */
final class UserName {

  static final int MAX_CODE_POINTS = 32;

  private UserName() {
  }

  /** Why {@code user} is not a valid user name, or empty when it is. */
  static Optional<String> problem(String user) {
    return problem(user, MAX_CODE_POINTS);
  }

  /** As {@link #problem(String)}, with at most {@code max} code points. */
  static Optional<String> problem(String user, int max) {
    if (user == null || user.isEmpty()) {
      return Optional.of("the user query-string parameter is required");
    }
    long length = user.codePointCount(0, user.length());
    if (length > max) {
      return Optional.of("user must be 1-" + max + " characters");
    }
    // Category Cc covers C0 controls, DEL and the C1 controls (U+0080-U+009F).
    if (user.codePoints().anyMatch(cp -> Character.getType(cp) == Character.CONTROL)) {
      return Optional.of("user must not contain control characters");
    }
    return Optional.empty();
  }
}
