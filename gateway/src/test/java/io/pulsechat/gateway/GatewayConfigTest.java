package io.pulsechat.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

  @Test
  void defaultsMatchTheProtocolLimits() {
    GatewayConfig c = GatewayConfig.from(Map.of());
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.maxFrameBytes()).isEqualTo(16_384);
    assertThat(c.maxTextChars()).isEqualTo(2000);
    assertThat(c.ratePerSecond()).isEqualTo(20);
    assertThat(c.rateBurst()).isEqualTo(40);
    assertThat(c.largeRoomThreshold()).isEqualTo(100);
    assertThat(c.batchMaxItems()).isEqualTo(25);
    assertThat(c.embeddedDynamoDb()).isTrue();
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThatThrownBy(() -> GatewayConfig.from(Map.of("PORT", "http", "CHAT_BATCH_MAX_ITEMS", "26")))
        .hasMessageContaining("PORT=http").hasMessageContaining("CHAT_BATCH_MAX_ITEMS=26");
  }

  @Test
  void unknownChatVariablesAreNamed() {
    assertThat(GatewayConfig.unknownKeys(Map.of("CHAT_RATE_PER_SECONDS", "5", "CHAT_RATE_BURST", "5", "HOME", "/")))
        .containsExactly("CHAT_RATE_PER_SECONDS");
  }

  @Test
  void aRegionOrEndpointSwitchesOffTheEmbeddedDynamoDb() {
    assertThat(GatewayConfig.from(Map.of("AWS_REGION", "eu-west-1")).embeddedDynamoDb()).isFalse();
    assertThat(GatewayConfig.from(Map.of("DYNAMODB_ENDPOINT", "http://127.0.0.1:8000")).embeddedDynamoDb()).isFalse();
  }

  @Test
  void readmeDocumentsEveryKeyWithItsDefault() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    for (GatewayConfig.Key key : GatewayConfig.KEYS) {
      String defaultCell = key.defaultValue().isEmpty() ? "(empty)" : "`" + key.defaultValue() + "`";
      assertThat(readme).as("README row of " + key.name())
          .contains("| `" + key.name() + "` | " + defaultCell + " | " + key.doc() + " |");
    }
  }
}
