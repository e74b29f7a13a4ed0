package io.pulsechat.gateway.auth;

import io.pulsechat.gateway.logging.ThrottledLog;
import io.pulsechat.gateway.vertx.CallerContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys of a JSON Web Key Set, one verifier per key id, fetched with Vert.x's
 * non-blocking HTTP client (no event loop waits for it). A token naming a key id the set does not
 * hold fetches the set again (the issuer rotated its keys), at most once per {@code minRefresh},
 * so that tokens with made-up key ids cannot make the gateway hammer the issuer.
 */
final class JwksKeys {
  private static final Logger log = LoggerFactory.getLogger(JwksKeys.class);
  private static final ThrottledLog failures = new ThrottledLog(log);
  /** A key set is a few KB; more is not one. */
  static final int MAX_BYTES = 256 * 1024;
  private static final int TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final URI url;
  private final long minRefreshNanos;
  private final JWTOptions checks;
  private final HttpClient client;
  private final AtomicReference<Map<String, JWTAuth>> keys = new AtomicReference<>(Map.of());
  private final AtomicReference<Future<Map<String, JWTAuth>>> inFlight = new AtomicReference<>();
  private volatile long lastFetchNanos;
  private volatile boolean fetched;

  JwksKeys(Vertx vertx, URI url, Duration minRefresh, JWTOptions checks) {
    this.vertx = vertx;
    this.url = url;
    this.minRefreshNanos = minRefresh.toNanos();
    this.checks = checks;
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(TIMEOUT_MS));
  }

  /**
   * The verifier of key {@code kid} ({@code ""} for a token without one) for {@code alg}. A key
   * never serves another algorithm than its own, so an RS256 key cannot check an ES256 token.
   */
  Future<JWTAuth> forKey(String kid, String alg) {
    JWTAuth known = keys.get().get(kid + " " + alg);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    // A token that arrives while a fetch runs (the one at start-up, say) waits for that one.
    Future<Map<String, JWTAuth>> running = inFlight.get();
    if (running == null && fetched && System.nanoTime() - lastFetchNanos < minRefreshNanos) {
      return notInTheSet(kid);
    }
    // The fetch completes on the HTTP client's event loop; the handshake that waits must go on on its own.
    return CallerContext.onCaller(running != null ? running : refresh()).compose(map -> {
      JWTAuth key = map.get(kid + " " + alg);
      return key != null ? Future.succeededFuture(key) : notInTheSet(kid);
    });
  }

  private static Future<JWTAuth> notInTheSet(String kid) {
    return Future.failedFuture(new TokenRefused("the token's key id '" + kid + "' is not in the key set"));
  }

  /** Fetches the set, or joins the fetch already running. */
  Future<Map<String, JWTAuth>> refresh() {
    Promise<Map<String, JWTAuth>> mine = Promise.promise();
    if (!inFlight.compareAndSet(null, mine.future())) {
      Future<Map<String, JWTAuth>> running = inFlight.get();
      return running != null ? running : Future.succeededFuture(keys.get());
    }
    lastFetchNanos = System.nanoTime();
    fetched = true;
    fetch().onComplete(ar -> {
      inFlight.set(null);
      if (ar.succeeded()) {
        keys.set(ar.result());
        mine.complete(ar.result());
      } else {
        failures.warn("Fetching the key set {} failed: {}", url, ar.cause().toString());
        // The keys we had still verify; a failed fetch refuses only tokens of keys we never saw.
        mine.complete(keys.get());
      }
    });
    return mine.future();
  }

  private Future<Map<String, JWTAuth>> fetch() {
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url.toString())
        .setTimeout(TIMEOUT_MS).putHeader("Accept", "application/json");
    return client.request(request).compose(req -> req.send()).compose(response -> {
      if (response.statusCode() != 200) {
        return Future.failedFuture("HTTP " + response.statusCode());
      }
      Promise<Buffer> body = Promise.promise();
      Buffer buffer = Buffer.buffer();
      response.handler(chunk -> {
        if (buffer.length() + chunk.length() > MAX_BYTES) {
          body.tryFail("the key set is larger than " + MAX_BYTES + " bytes");
          response.request().reset();
        } else {
          buffer.appendBuffer(chunk);
        }
      });
      response.endHandler(v -> body.tryComplete(buffer));
      response.exceptionHandler(body::tryFail);
      return body.future();
    }).compose(body -> {
      try {
        return Future.succeededFuture(parse(body.toJsonObject()));
      } catch (RuntimeException e) {
        return Future.failedFuture("not a JSON Web Key Set: " + e.getMessage());
      }
    });
  }

  /** One verifier per signing key of a supported algorithm; other keys (encryption, unknown types) are skipped. */
  private Map<String, JWTAuth> parse(JsonObject set) {
    Map<String, JWTAuth> parsed = new HashMap<>();
    JsonArray list = set.getJsonArray("keys");
    if (list == null) {
      throw new IllegalArgumentException("no keys array");
    }
    for (Object o : list) {
      if (!(o instanceof JsonObject jwk) || "enc".equals(jwk.getString("use"))) {
        continue;
      }
      String alg = jwk.getString("alg", "RSA".equals(jwk.getString("kty")) ? "RS256"
          : "EC".equals(jwk.getString("kty")) ? "ES256" : "");
      if (!TokenVerifier.ASYMMETRIC.contains(alg)) {
        continue;
      }
      try {
        JWTAuth auth = JWTAuth.create(vertx, new JWTAuthOptions().setJWTOptions(checks)
            .addJwk(jwk.copy().put("alg", alg)));
        parsed.put(jwk.getString("kid", "") + " " + alg, auth);
      } catch (RuntimeException e) {
        failures.warn("Key {} of {} is skipped: {}", jwk.getString("kid"), url, e.toString());
      }
    }
    return Map.copyOf(parsed);
  }
}
