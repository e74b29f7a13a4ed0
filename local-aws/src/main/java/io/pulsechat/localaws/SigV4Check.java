package io.pulsechat.localaws;

import io.vertx.core.MultiMap;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What API Gateway demands of an {@code @connections} call before anything else: a SigV4
 * Authorization header for the {@code execute-api} service with host among the signed headers,
 * and an {@code X-Amz-Date}. The signature itself is not recomputed (there is no secret to check
 * it against here), as in the project's other AWS stand-ins.
 */
final class SigV4Check {
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=[A-Za-z0-9]{1,128}/\\d{8}/[a-z0-9-]+/execute-api/aws4_request, "
          + "SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}");
  private static final Pattern AMZ_DATE = Pattern.compile("\\d{8}T\\d{6}Z");

  private SigV4Check() {
  }

  /** Empty when the request is signed as the SDK signs; otherwise why API Gateway would refuse it. */
  static Optional<String> problem(MultiMap headers) {
    String authorization = headers.get("Authorization");
    if (authorization == null) {
      return Optional.of("Missing Authentication Token");
    }
    if (!AUTHORIZATION.matcher(authorization).matches()) {
      return Optional.of("Authorization header is not a SigV4 signature for execute-api: " + authorization);
    }
    String date = headers.get("X-Amz-Date");
    if (date == null || !AMZ_DATE.matcher(date).matches()) {
      return Optional.of("X-Amz-Date is missing or malformed");
    }
    return Optional.empty();
  }
}
