package io.pulsechat.lambdas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LambdaConfigTest {

  @Test
  void defaultsToAThreeHourTtlAndTheRegionsEndpoint() {
    LambdaConfig config = LambdaConfig.from(Map.of("CONNECTIONS_TABLE", "pulsechat-connections", "AWS_REGION", "eu-west-1"));
    assertThat(config.connectionsTable()).isEqualTo("pulsechat-connections");
    assertThat(config.connectionTtl()).isEqualTo(Duration.ofHours(3));
    assertThat(config.dynamoDbEndpoint()).isEmpty();
    assertThat(config.region()).contains("eu-west-1");
  }

  @Test
  void readsEndpointAndTtl() {
    LambdaConfig config = LambdaConfig.from(Map.of(
        "CONNECTIONS_TABLE", "t-connections",
        "DYNAMODB_ENDPOINT", "http://127.0.0.1:8000",
        "CONNECTION_TTL_SECONDS", "9000"));
    assertThat(config.dynamoDbEndpoint()).contains(URI.create("http://127.0.0.1:8000"));
    assertThat(config.connectionTtl()).isEqualTo(Duration.ofSeconds(9000));
  }

  @Test
  void requiresATableName() {
    assertThatThrownBy(() -> LambdaConfig.from(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CONNECTIONS_TABLE");
  }

  @Test
  void refusesATtlWithinApiGatewaysConnectionLimit() {
    assertThatThrownBy(() -> LambdaConfig.from(Map.of("CONNECTIONS_TABLE", "t-connections", "CONNECTION_TTL_SECONDS", "7200")))
        .hasMessageContaining("2-hour");
    assertThatThrownBy(() -> LambdaConfig.from(Map.of("CONNECTIONS_TABLE", "t-connections", "CONNECTION_TTL_SECONDS", "3h")))
        .hasMessageContaining("whole number");
  }
}
