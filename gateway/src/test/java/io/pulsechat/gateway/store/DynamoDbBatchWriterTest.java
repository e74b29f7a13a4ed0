package io.pulsechat.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;

class DynamoDbBatchWriterTest {
  private final DynamoDbBatchWriter writer = new DynamoDbBatchWriter(null, "t-messages");

  @Test
  void throttlingServerErrorsAndNetworkErrorsAreRetried() {
    assertThat(writer.isRetryable(ProvisionedThroughputExceededException.builder().statusCode(400).build())).isTrue();
    assertThat(writer.isRetryable(RequestLimitExceededException.builder().statusCode(400).build())).isTrue();
    assertThat(writer.isRetryable(InternalServerErrorException.builder().statusCode(500).build())).isTrue();
    assertThat(writer.isRetryable(DynamoDbException.builder().statusCode(503).build())).isTrue();
    assertThat(writer.isRetryable(DynamoDbException.builder().statusCode(400)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).build())).isTrue();
    assertThat(writer.isRetryable(new CompletionException(SdkClientException.create("connection reset")))).isTrue();
  }

  @Test
  void aRequestDynamoDbRejectedIsNotRetried() {
    DynamoDbException validation = (DynamoDbException) DynamoDbException.builder().statusCode(400)
        .message("Provided list of item keys contains duplicates").build();
    assertThat(writer.isRetryable(validation)).isFalse();
    assertThat(writer.isRetryable(new CompletionException(validation))).isFalse();
    assertThat(writer.isRetryable(new IllegalStateException("bug"))).isFalse();
  }

  @Test
  void aTimeoutOrAServerErrorMayStillBeAppliedAThrottleOrRefusalNever() {
    assertThat(writer.outcomeUnknown(new CompletionException(
        software.amazon.awssdk.core.exception.ApiCallTimeoutException.create(500)))).isTrue();
    assertThat(writer.outcomeUnknown(SdkClientException.create("connection reset"))).isTrue();
    assertThat(writer.outcomeUnknown(InternalServerErrorException.builder().statusCode(500).build())).isTrue();
    assertThat(writer.outcomeUnknown(ProvisionedThroughputExceededException.builder().statusCode(400).build())).isFalse();
    assertThat(writer.outcomeUnknown(DynamoDbException.builder().statusCode(400).build())).isFalse();
  }
}
