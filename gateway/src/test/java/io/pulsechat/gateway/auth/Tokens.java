package io.pulsechat.gateway.auth;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/** Tokens for tests: good ones from the token command's minting, and hand-made bad ones. */
final class Tokens {
  static final String SECRET = "a-test-secret-of-at-least-32-bytes-0123456789";
  static final String ISSUER = "https://issuer.test";

  private Tokens() {
  }

  static String valid(String user) {
    return valid(user, Duration.ofHours(1));
  }

  static String valid(String user, Duration ttl) {
    return TokenCommand.mint(SECRET, user, null, List.of(), ttl, ISSUER, null);
  }

  static String signedWith(String secret, JsonObject claims) {
    return TokenCommand.sign(secret, claims);
  }

  static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** An unsigned token: {@code alg} none and an empty signature. */
  static String unsigned(JsonObject claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8)) + ".";
  }
}
