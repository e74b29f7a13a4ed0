package io.pulsechat.localaws;

import java.security.SecureRandom;
import java.util.Base64;

/** Identifiers shaped like API Gateway's: a connection id is 12 random bytes in base64 ("P7xQmcC0joECJfw="). */
final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {
  }

  /** 16 characters ending in '=', as API Gateway's: the '=' must survive URL encoding in @connections paths. */
  static String connectionId() {
    byte[] bytes = new byte[10];
    RANDOM.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes).substring(0, 15) + "=";
  }

  static String requestId() {
    byte[] bytes = new byte[10];
    RANDOM.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes).substring(0, 15) + "=";
  }
}
