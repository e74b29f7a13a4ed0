package io.pulsechat.gateway.store;

import io.pulsechat.gateway.GatewayConfig;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;

/** Builds the DynamoDB async client the store uses. */
public final class DynamoDbClients {
  /**
   * The Netty client's default of 50 connections caps a gateway at 50 calls in flight, which
   * history reads of a few hundred busy rooms plus the write batches can exceed.
   */
  static final int MAX_CONNECTIONS = 200;
  /**
   * A call (all of its SDK retries) ends by then, an attempt within {@link #ATTEMPT_TIMEOUT}: a
   * stalled DynamoDB makes calls fail instead of hang, so the batcher retries or refuses within
   * its retry budget (CHAT_WRITE_RETRY_MS, 10 s by default; a call started just before the
   * budget ends adds at most this), and the session's reply timeout (the budget plus 30 s) never
   * answers before storage has. A timed-out write's fate is unknown to the caller: DynamoDB may
   * still apply it, which the sender's resend under the same clientMsgId then finds.
   */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
  /** Creating and describing tables at start-up runs before any send and may be slow (DynamoDB Local on a busy machine). */
  static final Duration SET_UP_TIMEOUT = Duration.ofSeconds(60);

  private DynamoDbClients() {
  }

  /**
   * For the configured DynamoDB: with an endpoint and no region, a local one (dummy
   * credentials, us-east-1); otherwise real AWS in the configured region with the default
   * credential chain, optionally through the endpoint (e.g. a VPC endpoint).
   *
   * @throws IllegalArgumentException when the config asks for the embedded DynamoDB Local;
   *                                  start {@link EmbeddedDynamoDb} and use {@link #forLocal(URI)}
   */
  public static DynamoDbAsyncClient forConfig(GatewayConfig config) {
    if (config.dynamoDbEndpoint().isEmpty() && config.awsRegion().isEmpty()) {
      throw new IllegalArgumentException("no DynamoDB configured: start EmbeddedDynamoDb and use forLocal");
    }
    if (config.awsRegion().isEmpty()) {
      return forLocal(config.dynamoDbEndpoint().orElseThrow());
    }
    DynamoDbAsyncClientBuilder builder = DynamoDbAsyncClient.builder()
        .httpClient(httpClient())
        .overrideConfiguration(DynamoDbClients::timeouts)
        .region(Region.of(config.awsRegion().get()))
        .credentialsProvider(DefaultCredentialsProvider.builder().build());
    config.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /** For DynamoDB Local, which accepts any credentials and region. */
  public static DynamoDbAsyncClient forLocal(URI endpoint) {
    return DynamoDbAsyncClient.builder()
        .httpClient(httpClient())
        .overrideConfiguration(DynamoDbClients::timeouts)
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .build();
  }

  /** For the table set-up calls at start: longer than the data calls' timeouts. */
  static void setUpTimeouts(software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration.Builder b) {
    b.apiCallTimeout(SET_UP_TIMEOUT).apiCallAttemptTimeout(SET_UP_TIMEOUT);
  }

  private static void timeouts(ClientOverrideConfiguration.Builder b) {
    b.apiCallTimeout(CALL_TIMEOUT).apiCallAttemptTimeout(ATTEMPT_TIMEOUT);
  }

  private static SdkAsyncHttpClient httpClient() {
    return NettyNioAsyncHttpClient.builder().maxConcurrency(MAX_CONNECTIONS).build();
  }
}
