package io.pulsechat.gateway.auth;

import io.pulsechat.gateway.protocol.Names;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar gateway.jar token --user NAME [--ttl 1h] [--role moderator] [--name "Shown Name"]}:
 * prints an HS256 token signed with {@code AUTH_JWT_SECRET} (and carrying {@code AUTH_JWT_ISSUER}
 * and {@code AUTH_JWT_AUDIENCE} when set, its roles in the claim {@code AUTH_ADMIN_CLAIM} names), for scripts, load tests and trying token mode by hand.
 */
public final class TokenCommand {
  static final String USAGE = "usage: token --user NAME [--ttl 1h] [--role ROLE]... [--name DISPLAY_NAME]"
      + " (AUTH_JWT_SECRET in the environment signs it)";

  private TokenCommand() {
  }

  /** Prints the token on {@code out}; returns the exit code (2 on bad usage, with one line on {@code err}). */
  public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    String user = null;
    String name = null;
    Duration ttl = Duration.ofHours(1);
    List<String> roles = new ArrayList<>();
    try {
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        String value = i + 1 < args.size() ? args.get(i + 1) : null;
        if (value == null) {
          throw new IllegalArgumentException(arg + " needs a value");
        }
        switch (arg) {
          case "--user" -> user = Names.normalizeUser(value);
          case "--name" -> name = value;
          case "--ttl" -> ttl = duration(value);
          case "--role" -> roles.add(value);
          default -> throw new IllegalArgumentException("unknown option " + arg);
        }
        i++;
      }
      if (user == null || !Names.isValidUser(user, Names.MAX_TOKEN_USER)) {
        throw new IllegalArgumentException("--user must be 1 to " + Names.MAX_TOKEN_USER + " visible characters");
      }
      String secret = env.getOrDefault("AUTH_JWT_SECRET", "");
      if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
        throw new IllegalArgumentException("AUTH_JWT_SECRET must be set, at least 32 bytes");
      }
      out.println(mint(secret, user, name, env.getOrDefault("AUTH_ADMIN_CLAIM", "roles"), roles, ttl,
          env.get("AUTH_JWT_ISSUER"), env.get("AUTH_JWT_AUDIENCE")));
      return 0;
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage() + "; " + USAGE);
      return 2;
    }
  }

  /** An HS256 token for {@code user}, valid for {@code ttl} from now, its global roles in the {@code roles} claim. */
  public static String mint(String secret, String user, String name, List<String> roles, Duration ttl, String issuer,
                            String audience) {
    return mint(secret, user, name, "roles", roles, ttl, issuer, audience);
  }

  /** As above, the global roles in the claim {@code roleClaim} (the gateway's AUTH_ADMIN_CLAIM). */
  public static String mint(String secret, String user, String name, String roleClaim, List<String> roles,
                            Duration ttl, String issuer, String audience) {
    JsonObject claims = new JsonObject().put("sub", user);
    if (name != null) {
      claims.put("name", name);
    }
    if (!roles.isEmpty()) {
      claims.put(roleClaim, new JsonArray(roles));
    }
    JWTOptions options = new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds((int) ttl.toSeconds());
    if (issuer != null && !issuer.isBlank()) {
      options.setIssuer(issuer);
    }
    if (audience != null && !audience.isBlank()) {
      options.addAudience(audience);
    }
    return sign(secret, claims, options);
  }

  /** {@code claims} exactly as given, signed HS256 with {@code secret}: no exp or iat added. */
  public static String sign(String secret, JsonObject claims) {
    return sign(secret, claims, new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true));
  }

  private static String sign(String secret, JsonObject claims, JWTOptions options) {
    // No Vert.x needed: the provider uses it only to read key stores from files, and this key is in memory.
    return JWTAuth.create(null, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256")
        .setBuffer(secret))).generateToken(claims, options);
  }

  /** {@code 90s}, {@code 15m}, {@code 1h}, {@code 7d}; from one second to 400 days. */
  static Duration duration(String text) {
    if (text.length() >= 2) {
      char unit = text.charAt(text.length() - 1);
      try {
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        Duration d = switch (unit) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          case 'd' -> Duration.ofDays(n);
          default -> null;
        };
        if (d != null && d.toSeconds() >= 1 && d.toDays() <= 400) {
          return d;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
    }
    throw new IllegalArgumentException("--ttl must be a number and a unit s, m, h or d, up to 400d (such as 1h)");
  }
}
