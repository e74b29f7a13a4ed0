package io.pulsechat.gateway.access;

import io.pulsechat.gateway.auth.TokenCommand;
import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.TestGateway;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A token-mode gateway for the tests of private rooms and moderation, and users with tokens minted for it. */
final class AccessTokens {
  static final String SECRET = "an-access-test-secret-of-at-least-32-bytes-42";

  private AccessTokens() {
  }

  static TestGateway gateway() {
    return TestGateway.start(Map.of("AUTH_MODE", "token", "AUTH_JWT_SECRET", SECRET));
  }

  static String token(String user, String... roles) {
    return TokenCommand.mint(SECRET, user, null, List.of(roles), Duration.ofHours(1), null, null);
  }

  static String bearer(String user, String... roles) {
    return "Bearer " + token(user, roles);
  }

  static ChatClient connect(TestGateway gateway, String user, String... roles) {
    return TestGateway.await(gateway.tryConnect("/ws?token=" + token(user, roles), null), TestGateway.TIMEOUT);
  }
}
