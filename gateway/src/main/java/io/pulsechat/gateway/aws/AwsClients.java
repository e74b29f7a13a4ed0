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
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * Builds the AWS SDK async clients of the integrations the same way: one region, one credentials
 * provider, the SDK's own Netty event loop (never Vert.x's: the SDK targets Netty 4.1, Vert.x 5
 * runs 4.2), and one rule for retries:
 *
 * <table>
 *   <caption>Who retries a failed call</caption>
 *   <tr><th>client</th><th>retries</th><th>why</th></tr>
 *   <tr><td>EventBridge</td><td>the gateway</td><td>the publisher retries with {@link Backoff}</td></tr>
 *   <tr><td>API Gateway management</td><td>the gateway</td><td>the poster retries with {@link Backoff}</td></tr>
 *   <tr><td>S3 (model store)</td><td>the gateway</td><td>the watcher polls again</td></tr>
 *   <tr><td>CloudWatch</td><td>the SDK</td><td>nobody else would: a lost call loses a minute of meters</td></tr>
 * </table>
 *
 * <p>Where the gateway retries, the SDK must not: its retries would multiply the gateway's and
 * hide the throttles the gateway counts. (The DynamoDB client is built by the store's
 * {@code DynamoDbClients}, with call timeouts inside the batcher's retry budget.)
 */
public final class AwsClients {
  /** Region used when none is configured: only local fakes see it, real stacks set AWS_REGION. */
  private static final Region FALLBACK_REGION = Region.US_EAST_1;

  private enum Retries { BY_GATEWAY, BY_SDK }

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

  /** With an endpoint (e.g. s3proxy or MinIO), bucket names go in the path. */
  public S3AsyncClient s3(Optional<URI> endpoint) {
    return configure(S3AsyncClient.builder(), endpoint, 4, Retries.BY_GATEWAY).forcePathStyle(endpoint.isPresent())
        .build();
  }

  public EventBridgeAsyncClient eventBridge(Optional<URI> endpoint) {
    return configure(EventBridgeAsyncClient.builder(), endpoint, 16, Retries.BY_GATEWAY).build();
  }

  public CloudWatchAsyncClient cloudWatch(Optional<URI> endpoint) {
    return configure(CloudWatchAsyncClient.builder(), endpoint, 4, Retries.BY_SDK).build();
  }

  /** {@code maxConnections} should match the poster's in-flight bound, or posts queue in the SDK. */
  public ApiGatewayManagementApiAsyncClient apiGateway(URI endpoint, int maxConnections) {
    return configure(ApiGatewayManagementApiAsyncClient.builder(), Optional.of(endpoint), maxConnections,
        Retries.BY_GATEWAY).build();
  }

  private <B extends AwsClientBuilder<B, C> & AwsAsyncClientBuilder<B, C>, C> B configure(
      B builder, Optional<URI> endpoint, int maxConnections, Retries retries) {
    endpoint.ifPresent(builder::endpointOverride);
    builder.region(region)
        .credentialsProvider(credentials)
        .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(maxConnections));
    if (retries == Retries.BY_GATEWAY) {
      builder.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    }
    return builder;
  }
}
