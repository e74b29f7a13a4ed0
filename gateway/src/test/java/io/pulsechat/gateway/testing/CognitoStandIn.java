package io.pulsechat.gateway.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the Cognito hosted UI and its OAuth 2.0 endpoints, on a loopback port, for the
 * browser tests of sign-in (no local implementation of Cognito exists). It answers what the
 * browser client calls, as Cognito answers it:
 * <ul>
 *   <li>{@code GET /oauth2/authorize}: checks {@code client_id}, {@code redirect_uri} (a registered
 *       callback URL, exactly), {@code response_type=code} and a PKCE {@code code_challenge} with
 *       {@code code_challenge_method=S256}; shows a sign-in form, or, while the browser holds this
 *       stand-in's session cookie (named {@code cognito}, as Cognito's), sends a code back at once.
 *       A bad client or redirect URI gets an error page (400) and no redirect; other mistakes go
 *       back to the redirect URI as {@code error=...&state=...}.</li>
 *   <li>{@code POST /login}: the form's answer; a known user gets a code (single use, 5 minutes).</li>
 *   <li>{@code POST /oauth2/token}, form-encoded only: {@code authorization_code} (the code's client,
 *       redirect URI and PKCE verifier must match) and {@code refresh_token}; refusals are 400 with
 *       {@code {"error": "invalid_request" | "invalid_client" | "invalid_grant" | "unsupported_grant_type"}}.
 *       A refresh answer carries no new refresh token (Cognito without rotation).</li>
 *   <li>{@code POST /oauth2/revoke}: forgets a refresh token; {@code GET /logout?client_id&logout_uri}:
 *       ends the session and goes back to {@code logout_uri} (a registered URL).</li>
 *   <li>{@code GET /.well-known/jwks.json}: the public half of an RSA key made at start.</li>
 * </ul>
 * ID tokens are RS256-signed by vertx-auth-jwt with Cognito's ID-token claims: {@code sub} (a
 * random UUID per user), {@code cognito:username}, {@code name} when the user has one,
 * {@code cognito:groups} when it is in any, {@code aud} (the client id), {@code iss},
 * {@code token_use=id}, {@code auth_time}, {@code iat}, {@code exp} (a short, configurable life, so
 * that renewal happens within a test).
 *
 * <p>Where it differs from Cognito: one server plays both the hosted UI domain
 * ({@code https://<domain>.auth.<region>.amazoncognito.com}) and the user pool's issuer
 * ({@code https://cognito-idp.<region>.amazonaws.com/<pool-id>}, which also publishes the JWKS):
 * here {@code iss} is this server's base URL. Users sign in with a name only (no password, no MFA,
 * no sign-up); one app client, public (no secret), whose callback URLs are also its sign-out URLs;
 * PKCE is required (Cognito makes it optional); scopes are not checked; access tokens are not
 * meant for the gateway and carry no {@code aud}, as Cognito's; {@link #revokeAll()} plays an
 * administrator's global sign-out. The token endpoint allows any origin (CORS), as Cognito's does
 * for public clients.
 */
public final class CognitoStandIn implements AutoCloseable {
  private static final Duration CODE_LIFE = Duration.ofMinutes(5);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String KEY_ID = "stand-in-1";

  private final Vertx vertx = Vertx.vertx();
  private final String clientId;
  private final Duration tokenLife;
  private final JWTAuth signer;
  private final JsonObject jwk;
  private final HttpServer server;
  private final Map<String, User> users = new ConcurrentHashMap<>();
  private final Set<String> callbacks = ConcurrentHashMap.newKeySet();
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();  // token -> username
  private final Map<String, String> sessions = new ConcurrentHashMap<>();       // cookie -> username
  private final AtomicInteger refreshes = new AtomicInteger();

  /** A user of the pool: {@code sub} is made once, as Cognito makes it at sign-up. */
  public record User(String username, String sub, String name, List<String> groups) {
  }

  private record Grant(String username, String clientId, String redirectUri, String challenge, long expiresAt) {
  }

  private CognitoStandIn(String clientId, Duration tokenLife) {
    this.clientId = clientId;
    this.tokenLife = tokenLife;
    KeyPair pair;
    try {
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048);
      pair = rsa.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    this.signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(
        new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(pem)));
    this.jwk = rsaJwk(KEY_ID, (RSAPublicKey) pair.getPublic());
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create().setBodyLimit(16 * 1024));
    router.get("/oauth2/authorize").handler(this::authorize);
    router.post("/login").handler(this::login);
    router.post("/oauth2/token").handler(this::token);
    router.post("/oauth2/revoke").handler(this::revoke);
    router.get("/logout").handler(this::logout);
    router.get("/.well-known/jwks.json").handler(rc -> rc.json(new JsonObject().put("keys", new JsonArray().add(jwk))));
    this.server = TestGateway.await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"),
        Duration.ofSeconds(10));
  }

  /** Starts on a free loopback port, for one public app client whose ID tokens last {@code tokenLife}. */
  public static CognitoStandIn start(String clientId, Duration tokenLife) {
    return new CognitoStandIn(clientId, tokenLife);
  }

  /** The hosted UI's address: config.json's {@code auth.authority}, and the tokens' {@code iss}. */
  public String authority() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public String jwksUrl() {
    return authority() + "/.well-known/jwks.json";
  }

  public String clientId() {
    return clientId;
  }

  /** Registers a callback (and sign-out) URL of the app client. */
  public CognitoStandIn allowRedirect(String url) {
    callbacks.add(url);
    return this;
  }

  /** Adds a user of the pool who may sign in, in these groups (its ID token's {@code cognito:groups}). */
  public User addUser(String username, String name, String... groups) {
    return users.computeIfAbsent(username, u -> new User(u, UUID.randomUUID().toString(), name, List.of(groups)));
  }

  /** An ID token of a known user, as a sign-in would give (for a test's own API calls). */
  public String idToken(String username) {
    return idToken(users.get(username));
  }

  /** How many refresh_token grants succeeded. */
  public int refreshes() {
    return refreshes.get();
  }

  /** Revokes every refresh token, as an administrator's global sign-out of every user does. */
  public void revokeAll() {
    refreshTokens.clear();
  }

  @Override
  public void close() {
    TestGateway.await(vertx.close(), Duration.ofSeconds(10));
  }

  // ---- the hosted UI ----------------------------------------------------------------

  private void authorize(RoutingContext rc) {
    if (!validRequest(rc)) {
      return;
    }
    Cookie session = rc.request().getCookie("cognito");
    String username = session == null ? null : sessions.get(session.getValue());
    if (username != null) {
      issueCode(rc, username);
    } else {
      form(rc, "");
    }
  }

  private void login(RoutingContext rc) {
    if (!validRequest(rc)) {
      return;
    }
    String username = rc.request().getFormAttribute("username");
    if (username == null || !users.containsKey(username)) {
      form(rc, "Incorrect username or password.");
      return;
    }
    String session = random(24);
    sessions.put(session, username);
    rc.response().addCookie(Cookie.cookie("cognito", session).setPath("/").setHttpOnly(true));
    issueCode(rc, username);
  }

  /** Answers a bad authorization request (an error page, or an error sent back) and returns false. */
  private boolean validRequest(RoutingContext rc) {
    if (!clientAndRedirectOk(rc)) {
      return false;
    }
    String problem = requestProblem(rc.request().params());
    if (problem != null) {
      back(rc, "error=" + problem);
    }
    return problem == null;
  }

  /** A bad client or redirect URI gets an error page: sending a code there would hand it to a stranger. */
  private boolean clientAndRedirectOk(RoutingContext rc) {
    MultiMap q = rc.request().params();
    String error = !clientId.equals(q.get("client_id")) ? "invalid_client"
        : !callbacks.contains(q.get("redirect_uri")) ? "redirect_mismatch" : null;
    if (error != null) {
      rc.response().setStatusCode(400).putHeader("content-type", "text/html; charset=utf-8")
          .end("<!doctype html><title>Error</title><p id=\"error\">An error was encountered with the requested page: "
              + error + "</p>");
    }
    return error == null;
  }

  private static String requestProblem(MultiMap q) {
    if (!"code".equals(q.get("response_type"))) {
      return "unsupported_response_type";
    }
    String challenge = q.get("code_challenge");
    if (!"S256".equals(q.get("code_challenge_method")) || challenge == null || !challenge.matches("[A-Za-z0-9_-]{43}")) {
      return "invalid_request";
    }
    return null;
  }

  private void issueCode(RoutingContext rc, String username) {
    MultiMap q = rc.request().params();
    String code = random(32);
    codes.put(code, new Grant(username, q.get("client_id"), q.get("redirect_uri"), q.get("code_challenge"),
        System.currentTimeMillis() + CODE_LIFE.toMillis()));
    back(rc, "code=" + code);
  }

  private static void back(RoutingContext rc, String answer) {
    String state = rc.request().params().get("state");
    String to = rc.request().params().get("redirect_uri") + "?" + answer
        + (state == null ? "" : "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8));
    rc.response().setStatusCode(302).putHeader("location", to).end();
  }

  private static void form(RoutingContext rc, String error) {
    String query = rc.request().query();
    rc.response().putHeader("content-type", "text/html; charset=utf-8").end("""
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head><body>
        <form method="post" action="/login?%s">
        <label for="username">Username</label> <input id="username" name="username" autocomplete="username">
        <p id="error">%s</p><button type="submit" id="signin-submit">Sign in</button></form></body></html>
        """.formatted(html(query == null ? "" : query), html(error)));
  }

  private void logout(RoutingContext rc) {
    MultiMap q = rc.request().params();
    if (!clientId.equals(q.get("client_id")) || !callbacks.contains(q.get("logout_uri"))) {
      rc.response().setStatusCode(400).end("An error was encountered with the requested page: redirect_mismatch");
      return;
    }
    Cookie session = rc.request().getCookie("cognito");
    if (session != null) {
      sessions.remove(session.getValue());
    }
    rc.response().addCookie(Cookie.cookie("cognito", "").setPath("/").setMaxAge(0))
        .setStatusCode(302).putHeader("location", q.get("logout_uri")).end();
  }

  // ---- the token endpoint ---------------------------------------------------------

  private void token(RoutingContext rc) {
    HttpServerRequest req = rc.request();
    String origin = req.getHeader("origin");
    if (origin != null) {
      rc.response().putHeader("access-control-allow-origin", origin).putHeader("vary", "Origin");
    }
    String type = req.getHeader("content-type");
    if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
      refuse(rc, "invalid_request");
      return;
    }
    MultiMap form = req.formAttributes();
    if (!clientId.equals(form.get("client_id"))) {
      refuse(rc, "invalid_client");
      return;
    }
    String grantType = form.get("grant_type");
    if ("authorization_code".equals(grantType)) {
      codeGrant(rc, form);
    } else if ("refresh_token".equals(grantType)) {
      String username = form.get("refresh_token") == null ? null : refreshTokens.get(form.get("refresh_token"));
      if (username == null) {
        refuse(rc, "invalid_grant");
        return;
      }
      refreshes.incrementAndGet();
      rc.json(tokens(users.get(username)));
    } else {
      refuse(rc, grantType == null ? "invalid_request" : "unsupported_grant_type");
    }
  }

  private void codeGrant(RoutingContext rc, MultiMap form) {
    String code = form.get("code");
    String verifier = form.get("code_verifier");
    if (code == null || verifier == null || form.get("redirect_uri") == null) {
      refuse(rc, "invalid_request");
      return;
    }
    Grant grant = codes.remove(code);  // single use, whatever happens next
    if (grant == null || grant.expiresAt() < System.currentTimeMillis() || !grant.clientId().equals(form.get("client_id"))
        || !grant.redirectUri().equals(form.get("redirect_uri")) || !grant.challenge().equals(s256(verifier))) {
      refuse(rc, "invalid_grant");
      return;
    }
    String refresh = random(48);
    refreshTokens.put(refresh, grant.username());
    rc.json(tokens(users.get(grant.username())).put("refresh_token", refresh));
  }

  private void revoke(RoutingContext rc) {
    String origin = rc.request().getHeader("origin");
    if (origin != null) {
      rc.response().putHeader("access-control-allow-origin", origin).putHeader("vary", "Origin");
    }
    MultiMap form = rc.request().formAttributes();
    if (!clientId.equals(form.get("client_id")) || form.get("token") == null) {
      refuse(rc, form.get("token") == null ? "invalid_request" : "invalid_client");
      return;
    }
    refreshTokens.remove(form.get("token"));
    rc.response().end();
  }

  private static void refuse(RoutingContext rc, String error) {
    rc.response().setStatusCode(400).putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", error).encode());
  }

  private JsonObject tokens(User user) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject access = new JsonObject().put("sub", user.sub()).put("iss", authority()).put("client_id", clientId)
        .put("token_use", "access").put("scope", "openid profile email").put("username", user.username())
        .put("auth_time", now).put("iat", now).put("exp", now + tokenLife.toSeconds()).put("jti", UUID.randomUUID().toString());
    return new JsonObject().put("id_token", idToken(user)).put("access_token", sign(access))
        .put("expires_in", tokenLife.toSeconds()).put("token_type", "Bearer");
  }

  private String idToken(User user) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims = new JsonObject().put("sub", user.sub()).put("cognito:username", user.username())
        .put("aud", clientId).put("iss", authority()).put("token_use", "id").put("auth_time", now)
        .put("iat", now).put("exp", now + tokenLife.toSeconds()).put("jti", UUID.randomUUID().toString());
    if (user.name() != null) {
      claims.put("name", user.name());
    }
    if (!user.groups().isEmpty()) {
      claims.put("cognito:groups", new JsonArray(user.groups()));
    }
    return sign(claims);
  }

  private String sign(JsonObject claims) {
    return signer.generateToken(claims, new JWTOptions().setAlgorithm("RS256").setNoTimestamp(true)
        .setHeader(new JsonObject().put("kid", KEY_ID)));
  }

  // ---- helpers ----------------------------------------------------------------------

  private static String s256(String verifier) {
    try {
      return base64url(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return base64url(b);
  }

  private static String base64url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The public half of an RSA key as a JSON Web Key (RFC 7517): modulus and exponent without sign bytes. */
  public static JsonObject rsaJwk(String kid, RSAPublicKey key) {
    byte[] n = key.getModulus().toByteArray();
    return new JsonObject().put("kty", "RSA").put("kid", kid).put("use", "sig").put("alg", "RS256")
        .put("n", base64url(n[0] == 0 ? Arrays.copyOfRange(n, 1, n.length) : n))
        .put("e", base64url(key.getPublicExponent().toByteArray()));
  }

  private static String html(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
