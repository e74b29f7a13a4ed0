package io.pulsechat.lambdas;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of both handlers, read once from environment variables (or a map, in tests).
 * lambdas/README.md lists the same keys.
 *
 * @param connectionsTable  the DynamoDB table holding one item per open connection
 * @param dynamoDbEndpoint  explicit endpoint (DynamoDB Local in tests); empty means the region's
 * @param region            region of the table; Lambda always sets {@code AWS_REGION}
 * @param connectionTtl     how long after connecting a record expires if {@code $disconnect}
 *                          never arrives; past API Gateway's 2-hour connection limit
 * @param auth              whether {@code $connect} needs a token, and how to check it
 */
public record LambdaConfig(
    String connectionsTable,
    Optional<URI> dynamoDbEndpoint,
    Optional<String> region,
    Duration connectionTtl,
    Auth auth) {

  /**
   * The gateway's token settings, under the same names: {@code AUTH_MODE} (open or token),
   * {@code AUTH_JWT_SECRET}, {@code AUTH_JWKS_URL}, {@code AUTH_JWT_ISSUER},
   * {@code AUTH_JWT_AUDIENCE}, {@code AUTH_CLOCK_SKEW_S}, {@code AUTH_JWKS_MIN_REFRESH_S}.
   */
  public record Auth(boolean tokens, Optional<String> jwtSecret, Optional<URI> jwksUrl, Optional<String> issuer,
                     Optional<String> audience, Duration clockSkew, Duration jwksMinRefresh) {
    /** Open mode: the user comes from the {@code user} query parameter. */
    public static Auth open() {
      return new Auth(false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Duration.ofSeconds(30), Duration.ofSeconds(30));
    }
  }

  /** Open mode, as before tokens. */
  public LambdaConfig(String connectionsTable, Optional<URI> dynamoDbEndpoint, Optional<String> region,
                      Duration connectionTtl) {
    this(connectionsTable, dynamoDbEndpoint, region, connectionTtl, Auth.open());
  }

  /** API Gateway closes every WebSocket after 2 hours; a record older than that is stale. */
  static final Duration MAX_CONNECTION = Duration.ofHours(2);

  public LambdaConfig {
    if (connectionTtl.compareTo(MAX_CONNECTION) <= 0) {
      throw new IllegalArgumentException("CONNECTION_TTL_SECONDS must exceed API Gateway's 2-hour connection limit");
    }
  }

  public static LambdaConfig fromEnvironment() {
    return from(System.getenv());
  }

  public static LambdaConfig from(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    String table = value(env, "CONNECTIONS_TABLE").orElse("");
    if (table.length() < 3) {
      problems.add("CONNECTIONS_TABLE must name a table (3-255 characters)");
    }
    Optional<URI> endpoint = value(env, "DYNAMODB_ENDPOINT").map(URI::create);
    long ttlSeconds = seconds(env, "CONNECTION_TTL_SECONDS", 3 * 3600, problems);
    Auth auth = auth(env, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new LambdaConfig(table, endpoint, value(env, "AWS_REGION"), Duration.ofSeconds(ttlSeconds), auth);
  }

  private static Auth auth(Map<String, String> env, List<String> problems) {
    String mode = value(env, "AUTH_MODE").orElse("open");
    if (!List.of("open", "token").contains(mode)) {
      problems.add("AUTH_MODE must be open or token, got '" + mode + "'");
    }
    Optional<String> secret = value(env, "AUTH_JWT_SECRET");
    if (secret.isPresent() && secret.get().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
      problems.add("AUTH_JWT_SECRET must be at least 32 bytes");
    }
    Optional<URI> jwks = value(env, "AUTH_JWKS_URL").map(URI::create);
    if ("token".equals(mode) && secret.isEmpty() && jwks.isEmpty()) {
      problems.add("AUTH_MODE=token needs AUTH_JWT_SECRET or AUTH_JWKS_URL to check tokens with");
    }
    return new Auth("token".equals(mode), secret, jwks, value(env, "AUTH_JWT_ISSUER"), value(env, "AUTH_JWT_AUDIENCE"),
        Duration.ofSeconds(seconds(env, "AUTH_CLOCK_SKEW_S", 30, problems)),
        Duration.ofSeconds(seconds(env, "AUTH_JWKS_MIN_REFRESH_S", 30, problems)));
  }

  private static long seconds(Map<String, String> env, String key, long fallback, List<String> problems) {
    Optional<String> v = value(env, key);
    try {
      return v.map(Long::parseLong).orElse(fallback);
    } catch (NumberFormatException e) {
      problems.add(key + " must be a whole number of seconds, got '" + v.get() + "'");
      return fallback;
    }
  }

  private static Optional<String> value(Map<String, String> env, String key) {
    return Optional.ofNullable(env.get(key)).map(String::strip).filter(v -> !v.isEmpty());
  }
}
