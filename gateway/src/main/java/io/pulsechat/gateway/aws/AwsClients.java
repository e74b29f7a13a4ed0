package io.pulsechat.gateway.aws;

import java.net.URI;
import java.util.Optional;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;
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
 *   <tr><td>DynamoDB</td><td>the gateway</td><td>the store's write-behind batcher retries within its budget;
 *       a failed read is answered as such</td></tr>
 * </table>
 *
 * <p>Where the gateway retries, the SDK must not: its retries would multiply the gateway's and
 * hide the throttles the gateway counts. A client the gateway retries for may also get a call
 * timeout, which is then one attempt's (see {@code store.WriteBehindSettings#answerWithin}).
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

  /** For DynamoDB Local and other local stand-ins, which accept any credentials. */
  public static AwsClients forLocalEndpoints() {
    return new AwsClients(Optional.empty(), StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
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

  /**
   * For the message, mood and feedback stores. Calls end after {@code callTimeout} (a stalled
   * DynamoDB makes them fail instead of hang); table set-up calls pass longer ones of their own.
   * 200 connections: the SDK's default of 50 caps a gateway at 50 calls in flight, which history
   * reads of a few hundred busy rooms plus the write batches can exceed.
   */
  public DynamoDbAsyncClient dynamoDb(Optional<URI> endpoint, Duration callTimeout) {
    DynamoDbAsyncClientBuilder builder = configure(DynamoDbAsyncClient.builder(), endpoint, 200, Retries.BY_GATEWAY);
    builder.overrideConfiguration(o -> noRetries(o).apiCallTimeout(callTimeout).apiCallAttemptTimeout(callTimeout));
    return builder.build();
  }

  private <B extends AwsClientBuilder<B, C> & AwsAsyncClientBuilder<B, C>, C> B configure(
      B builder, Optional<URI> endpoint, int maxConnections, Retries retries) {
    endpoint.ifPresent(builder::endpointOverride);
    builder.region(region)
        .credentialsProvider(credentials)
        .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(maxConnections));
    if (retries == Retries.BY_GATEWAY) {
      builder.overrideConfiguration(AwsClients::noRetries);
    }
    return builder;
  }

  private static ClientOverrideConfiguration.Builder noRetries(ClientOverrideConfiguration.Builder o) {
    return o.retryStrategy(AwsRetryStrategy.doNotRetry());
  }
}
