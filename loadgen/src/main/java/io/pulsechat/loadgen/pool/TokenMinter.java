package io.pulsechat.loadgen.pool;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Duration;

/**
 * One HS256 token per simulated user, signed with the gateway's {@code AUTH_JWT_SECRET}, so a run
 * can load a gateway in token mode. Minted as each connection opens: an HMAC costs microseconds.
 */
public final class TokenMinter {
  private final JWTAuth signer;
  private final JWTOptions options;

  private TokenMinter(String secret, Duration ttl) {
    // No Vert.x instance: the provider needs one only to read key stores from files.
    this.signer = JWTAuth.create(null, new JWTAuthOptions().addPubSecKey(
        new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    this.options = new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds((int) ttl.toSeconds());
  }

  /** Tokens valid for {@code ttl}: longer than the whole run, or the gateway closes its connections (1008). */
  public static TokenMinter hs256(String secret, Duration ttl) {
    return new TokenMinter(secret, ttl);
  }

  public String mint(String user) {
    return signer.generateToken(new JsonObject().put("sub", user), options);
  }
}
