package io.pulsechat.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.GatewayConfig;
import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {
  final Vertx vertx = Vertx.vertx();
  final TokenVerifier verifier = TokenVerifier.create(vertx, GatewayConfig.from(Map.of("AUTH_MODE", "token",
      "AUTH_JWT_SECRET", Tokens.SECRET, "AUTH_CLOCK_SKEW_S", "0")).auth());

  @AfterEach
  void close() {
    TestGateway.await(vertx.close(), Duration.ofSeconds(10));
  }

  private String refusal(String token) {
    Future<Identity> result = verifier.verify(token);
    TestGateway.await(result.otherwiseEmpty(), Duration.ofSeconds(5));
    assertThat(result.failed()).as("refused").isTrue();
    assertThat(result.cause()).isInstanceOf(TokenRefused.class);
    return result.cause().getMessage();
  }

  @Test
  void aShortLivedTokenNamesItsUserAndExpiry() {
    Identity identity = TestGateway.await(verifier.verify(Tokens.valid("dave", Duration.ofSeconds(2))),
        Duration.ofSeconds(5));
    assertThat(identity.user()).isEqualTo("dave");
    assertThat(identity.name()).isEqualTo("dave");
    assertThat(identity.expiresAt()).isBetween(System.currentTimeMillis(), System.currentTimeMillis() + 3_000);
  }

  @Test
  void nameAndRolesComeFromTheirClaims() {
    String token = TokenCommand.mint(Tokens.SECRET, "0b9a-uuid", "Alice A.", List.of("moderator"),
        Duration.ofMinutes(5), null, null);
    Identity identity = TestGateway.await(verifier.verify(token), Duration.ofSeconds(5));
    assertThat(identity.name()).isEqualTo("Alice A.");
    assertThat(identity.roles()).containsExactly("moderator");
    String cognito = Tokens.signedWith(Tokens.SECRET, new JsonObject().put("sub", "1234-5678")
        .put("cognito:username", "carol").put("exp", Tokens.now() + 60));
    assertThat(TestGateway.await(verifier.verify(cognito), Duration.ofSeconds(5)).name()).isEqualTo("carol");
  }

  @Test
  void aNameClaimThatHidesCharactersGivesWayToTheNextClaim() {
    String hidden = Tokens.signedWith(Tokens.SECRET, new JsonObject().put("sub", "1234-5678")
        .put("name", "ad\u200Bmin").put("cognito:username", "carol").put("exp", Tokens.now() + 60));
    assertThat(TestGateway.await(verifier.verify(hidden), Duration.ofSeconds(5)).name()).isEqualTo("carol");
    String blank = Tokens.signedWith(Tokens.SECRET, new JsonObject().put("sub", "1234-5678")
        .put("name", "  ").put("cognito:username", 42).put("exp", Tokens.now() + 60));
    assertThat(TestGateway.await(verifier.verify(blank), Duration.ofSeconds(5)).name()).isEqualTo("1234-5678");
  }

  @Test
  void refusalsSayWhyWithoutTheToken() {
    assertThat(refusal(null)).contains("no token");
    assertThat(refusal("abc")).contains("not a JWT");
    assertThat(refusal("x".repeat(TokenVerifier.MAX_TOKEN_CHARS + 1))).contains("longer");
    assertThat(refusal(Tokens.unsigned(new JsonObject().put("sub", "a").put("exp", Tokens.now() + 60))))
        .contains("'none'");
    assertThat(refusal(Tokens.signedWith(Tokens.SECRET, new JsonObject().put("sub", "a")))).contains("no exp");
    assertThat(refusal(Tokens.signedWith(Tokens.SECRET, new JsonObject().put("sub", "\u202Eevil")
        .put("exp", Tokens.now() + 60)))).contains("sub");
  }
}
