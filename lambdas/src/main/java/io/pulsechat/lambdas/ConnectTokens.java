package io.pulsechat.lambdas;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Checks the token of a {@code $connect} by the gateway's rules (README, "Tokens"), with the same
 * library (vertx-auth-jwt): HS256 with {@code AUTH_JWT_SECRET}, or RS256/ES256 with a key of
 * {@code AUTH_JWKS_URL} (fetched at the first such token, again for a key id it does not know,
 * at most every {@code AUTH_JWKS_MIN_REFRESH_S}); {@code exp} required, {@code nbf}, {@code iss}
 * and {@code aud} checked. The token's header only chooses the key, so a token cannot pick an
 * algorithm this function was not configured for. One instance per execution environment.
 */
final class ConnectTokens {
  /** Longer tokens are refused unread, as the gateway refuses them. */
  static final int MAX_TOKEN_CHARS = 8192;
  /** The gateway's longest user name from a token's {@code sub}. */
  static final int MAX_TOKEN_USER = 64;
  private static final int MAX_JWKS_BYTES = 256 * 1024;

  /** The user a valid token names; {@code expiresAt} is its {@code exp} in epoch milliseconds. */
  record Verified(String user, String name, List<String> roles, long expiresAt) {
  }

  /** Why a token was refused; the message may be shown to the client. */
  static final class Refused extends Exception {
    Refused(String reason) {
      super(reason, null, false, false);
    }
  }

  private final LambdaConfig.Auth auth;
  private final Vertx vertx;
  private final JWTAuth hmac;
  private JWTAuth jwks;
  private Set<String> jwksKids = Set.of();
  private long jwksFetchedNanos;
  private boolean jwksFetched;

  ConnectTokens(LambdaConfig.Auth auth) {
    this.auth = auth;
    // Vert.x only hosts the JWT provider here: no event loop ever runs a request.
    this.vertx = Vertx.vertx();
    this.hmac = auth.jwtSecret().map(secret -> JWTAuth.create(vertx, new JWTAuthOptions().setJWTOptions(checks())
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)))).orElse(null);
  }

  Verified verify(String token) throws Refused {
    if (token == null || token.isEmpty()) {
      throw new Refused("no token: send it as the token query parameter or Authorization: Bearer <token>");
    }
    if (token.length() > MAX_TOKEN_CHARS) {
      throw new Refused("the token is longer than " + MAX_TOKEN_CHARS + " characters");
    }
    JsonObject header = header(token);
    if (header == null) {
      throw new Refused("the token is not a JWT (three base64url parts, a JSON header)");
    }
    String alg = header.getValue("alg") instanceof String a ? a : "";
    JWTAuth provider;
    if ("HS256".equals(alg) && hmac != null) {
      provider = hmac;
    } else if (("RS256".equals(alg) || "ES256".equals(alg)) && auth.jwksUrl().isPresent()) {
      provider = jwksFor(header.getValue("kid") instanceof String kid ? kid : "");
    } else {
      throw new Refused("tokens signed with '" + alg + "' are not accepted here");
    }
    JsonObject claims;
    try {
      var user = provider.authenticate(new TokenCredentials(token)).toCompletionStage().toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      claims = user.attributes().getJsonObject("accessToken", user.principal());
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new Refused("the token is not valid: " + cause.getMessage());
    }
    return verified(claims);
  }

  private JWTOptions checks() {
    JWTOptions checks = new JWTOptions().setLeeway((int) auth.clockSkew().toSeconds());
    auth.issuer().ifPresent(checks::setIssuer);
    auth.audience().ifPresent(checks::addAudience);
    return checks;
  }

  /** The key set's verifier once it knows {@code kid}: fetched again for an unknown one, not too often. */
  private synchronized JWTAuth jwksFor(String kid) throws Refused {
    boolean mayFetch = !jwksFetched
        || System.nanoTime() - jwksFetchedNanos > auth.jwksMinRefresh().toNanos();
    if (!jwksKids.contains(kid) && mayFetch) {
      jwksFetched = true;
      jwksFetchedNanos = System.nanoTime();
      fetchJwks();
    }
    if (jwks == null || !jwksKids.contains(kid)) {
      throw new Refused("the token's key id '" + kid + "' is not in the key set");
    }
    return jwks;
  }

  private void fetchJwks() {
    URI url = auth.jwksUrl().orElseThrow();
    try {
      HttpResponse<byte[]> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()
          .send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).header("Accept", "application/json")
              .build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200 || response.body().length > MAX_JWKS_BYTES) {
        System.err.println("Fetching the key set " + url + " failed: HTTP " + response.statusCode() + ", "
            + response.body().length + " bytes");
        return;
      }
      JsonArray keys = new JsonObject(new String(response.body(), StandardCharsets.UTF_8)).getJsonArray("keys");
      JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(checks());
      Set<String> kids = new HashSet<>();
      for (Object o : keys) {
        if (o instanceof JsonObject jwk && !"enc".equals(jwk.getString("use"))
            && List.of("RSA", "EC").contains(jwk.getString("kty"))) {
          JsonObject key = jwk.copy();
          key.put("alg", key.getString("alg", "RSA".equals(key.getString("kty")) ? "RS256" : "ES256"));
          options.addJwk(key);
          kids.add(key.getString("kid", ""));
        }
      }
      jwks = JWTAuth.create(vertx, options);
      jwksKids = Set.copyOf(kids);
    } catch (Exception e) {
      // The keys already known still verify; only tokens of keys never seen are refused.
      System.err.println("Fetching the key set " + url + " failed: " + e);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Verified verified(JsonObject claims) throws Refused {
    if (!(claims.getValue("exp") instanceof Number exp)) {
      throw new Refused("the token has no exp: a token that never expires is not accepted");
    }
    String sub = claims.getValue("sub") instanceof String s ? Normalizer.normalize(s, Normalizer.Form.NFC) : null;
    if (UserName.problem(sub, MAX_TOKEN_USER).isPresent()) {
      throw new Refused("the token's sub is not a user name (1 to " + MAX_TOKEN_USER + " visible characters)");
    }
    String name = sub;
    for (String claim : List.of("name", "cognito:username")) {
      if (claims.getValue(claim) instanceof String s && !s.isBlank()) {
        name = s;
        break;
      }
    }
    List<String> roles = new ArrayList<>();
    for (String claim : List.of("roles", "cognito:groups")) {
      if (claims.getValue(claim) instanceof JsonArray array) {
        array.forEach(r -> {
          if (r instanceof String role) {
            roles.add(role);
          }
        });
      }
    }
    return new Verified(sub, name, List.copyOf(roles), exp.longValue() * 1000);
  }

  private static JsonObject header(String token) {
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
}
