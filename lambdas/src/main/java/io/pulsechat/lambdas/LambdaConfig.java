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
 */
public record LambdaConfig(
    String connectionsTable,
    Optional<URI> dynamoDbEndpoint,
    Optional<String> region,
    Duration connectionTtl) {

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
    long ttlSeconds = 3 * 3600;
    Optional<String> ttl = value(env, "CONNECTION_TTL_SECONDS");
    if (ttl.isPresent()) {
      try {
        ttlSeconds = Long.parseLong(ttl.get());
      } catch (NumberFormatException e) {
        problems.add("CONNECTION_TTL_SECONDS must be a whole number of seconds, got '" + ttl.get() + "'");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new LambdaConfig(table, endpoint, value(env, "AWS_REGION"), Duration.ofSeconds(ttlSeconds));
  }

  private static Optional<String> value(Map<String, String> env, String key) {
    return Optional.ofNullable(env.get(key)).map(String::strip).filter(v -> !v.isEmpty());
  }
}
