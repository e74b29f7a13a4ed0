package io.pulsechat.gateway.auth;

import io.pulsechat.gateway.GatewayConfig;
import io.pulsechat.gateway.protocol.Names;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Checks a token and names its user. Signatures, {@code exp}, {@code nbf}, {@code iss} and
 * {@code aud} are checked by vertx-auth-jwt; this class only reads the header to choose the key
 * ({@code alg}, {@code kid}), so that a token cannot pick an algorithm the gateway was not
 * configured for ({@code none}, or HS256 signed with a public key). Safe to call from any event loop.
 */
public final class TokenVerifier {
  /** Longer tokens are refused unread: a header or query this size is an attack, not a JWT. */
  public static final int MAX_TOKEN_CHARS = 8192;
  static final List<String> ASYMMETRIC = List.of("RS256", "ES256");

  private final JWTAuth hmac;
  private final JwksKeys jwks;
  private final String roleClaim;

  TokenVerifier(JWTAuth hmac, JwksKeys jwks, String roleClaim) {
    this.hmac = hmac;
    this.jwks = jwks;
    this.roleClaim = roleClaim;
  }

  /** The verifier of {@code auth}; a JWKS, when configured, is fetched in the background. */
  public static TokenVerifier create(Vertx vertx, GatewayConfig.Auth auth) {
    JWTOptions checks = checks(auth);
    JWTAuth hmac = auth.jwtSecret().map(secret -> JWTAuth.create(vertx, new JWTAuthOptions().setJWTOptions(checks)
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)))).orElse(null);
    JwksKeys jwks = auth.jwksUrl().map(url -> new JwksKeys(vertx, url, auth.jwksMinRefresh(), checks)).orElse(null);
    if (jwks != null) {
      jwks.refresh();
    }
    return new TokenVerifier(hmac, jwks, auth.adminClaim());
  }

  static JWTOptions checks(GatewayConfig.Auth auth) {
    JWTOptions checks = new JWTOptions().setLeeway((int) auth.clockSkew().toSeconds());
    auth.issuer().ifPresent(checks::setIssuer);
    auth.audience().ifPresent(checks::addAudience);
    return checks;
  }

  /** The user of {@code token}, or a failed future with a {@link TokenRefused} saying why. */
  public Future<Identity> verify(String token) {
    if (token == null || token.isEmpty()) {
      return refused("no token: send it as Authorization: Bearer <token> or the token query parameter");
    }
    if (token.length() > MAX_TOKEN_CHARS) {
      return refused("the token is longer than " + MAX_TOKEN_CHARS + " characters");
    }
    JsonObject header = header(token);
    if (header == null) {
      return refused("the token is not a JWT (three base64url parts, a JSON header)");
    }
    String alg = header.getValue("alg") instanceof String a ? a : "";
    Future<JWTAuth> provider;
    if ("HS256".equals(alg) && hmac != null) {
      provider = Future.succeededFuture(hmac);
    } else if (ASYMMETRIC.contains(alg) && jwks != null) {
      provider = jwks.forKey(header.getValue("kid") instanceof String kid ? kid : "", alg);
    } else {
      return refused("tokens signed with '" + alg + "' are not accepted here");
    }
    return provider
        .compose(p -> p.authenticate(new TokenCredentials(token)))
        .recover(e -> refused(e instanceof TokenRefused ? e.getMessage() : "the token is not valid: " + e.getMessage()))
        .compose(user -> identity(user.attributes().getJsonObject("accessToken", user.principal())));
  }

  private Future<Identity> identity(JsonObject claims) {
    if (!(claims.getValue("exp") instanceof Number exp)) {
      return refused("the token has no exp: a token that never expires is not accepted");
    }
    String sub = claims.getValue("sub") instanceof String s ? Names.normalizeUser(s) : null;
    if (!Names.isValidUser(sub, Names.MAX_TOKEN_USER)) {
      return refused("the token's sub is not a user name (1 to " + Names.MAX_TOKEN_USER
          + " visible characters)");
    }
    String name = firstName(claims, "name", "cognito:username");
    // Global roles come from one claim only (AUTH_ADMIN_CLAIM): a string or a list of strings.
    List<String> roles = new ArrayList<>();
    Object held = claims.getValue(roleClaim);
    if (held instanceof String role) {
      roles.add(role);
    } else if (held instanceof JsonArray array) {
      array.forEach(r -> {
        if (r instanceof String role) {
          roles.add(role);
        }
      });
    }
    return Future.succeededFuture(new Identity(sub, name == null ? sub : name, List.copyOf(roles),
        exp.longValue() * 1000));
  }

  /** The first of the claims that makes a display name ({@link Names#displayName}), or null. */
  private static String firstName(JsonObject claims, String... names) {
    for (String n : names) {
      String name = Names.displayName(claims.getValue(n));
      if (name != null) {
        return name;
      }
    }
    return null;
  }

  /** The decoded JOSE header, or null when the token is not three base64url parts with a JSON header. */
  static JsonObject header(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    try {
      return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static <T> Future<T> refused(String reason) {
    return Future.failedFuture(new TokenRefused(reason));
  }
}
