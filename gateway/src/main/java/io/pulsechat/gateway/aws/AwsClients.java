package io.pulsechat.gateway.aws;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;

/**
 * Builds the AWS SDK async clients of the integrations (EventBridge, CloudWatch, the API
 * Gateway management API) the same way: one region, the default credentials chain, the SDK's
 * own Netty event loop (never Vert.x's: the SDK targets Netty 4.1, Vert.x 5 runs 4.2), and
 * <em>no SDK retries</em>, because the callers retry with their own backoff and jitter and
 * must see every throttle to count it; SDK retries would multiply theirs.
 */
public final class AwsClients {
  /** Region used when none is configured: only local fakes see it, real stacks set AWS_REGION. */
  private static final Region FALLBACK_REGION = Region.US_EAST_1;

  private final Region region;
  private final AwsCredentialsProvider credentials;

  public AwsClients(Optional<String> region, AwsCredentialsProvider credentials) {
    this.region = region.map(Region::of).orElse(FALLBACK_REGION);
    this.credentials = credentials;
  }

  /** The default chain: instance profile on EC2, {@code aws.accessKeyId} properties in tests. */
  public static AwsClients fromDefaultChain(Optional<String> region) {
    return new AwsClients(region, DefaultCredentialsProvider.builder().build());
  }

  public EventBridgeAsyncClient eventBridge(Optional<URI> endpoint) {
    return configure(EventBridgeAsyncClient.builder(), endpoint, 16).build();
  }

  public CloudWatchAsyncClient cloudWatch(Optional<URI> endpoint) {
    return configure(CloudWatchAsyncClient.builder(), endpoint, 4).build();
  }

  /** {@code maxConnections} should match the poster's in-flight bound, or posts queue in the SDK. */
  public ApiGatewayManagementApiAsyncClient apiGateway(URI endpoint, int maxConnections) {
    return configure(ApiGatewayManagementApiAsyncClient.builder(), Optional.of(endpoint), maxConnections).build();
  }

  private <B extends AwsClientBuilder<B, C> & AwsAsyncClientBuilder<B, C>, C> B configure(
      B builder, Optional<URI> endpoint, int maxConnections) {
    endpoint.ifPresent(builder::endpointOverride);
    return builder.region(region)
        .credentialsProvider(credentials)
        .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(maxConnections))
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
  }
}
