package io.pulsechat.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    assertThat(c.store()).isEqualTo(GatewayConfig.Store.SQLITE);
    assertThat(c.embeddedDynamoDb()).isFalse();
    assertThat(c.sqliteSynchronous()).isEqualTo("FULL");
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
  void aRegionOrEndpointAloneSelectsDynamoDb() {
    assertThat(GatewayConfig.from(Map.of("AWS_REGION", "eu-west-1")).store()).isEqualTo(GatewayConfig.Store.DYNAMODB);
    assertThat(GatewayConfig.from(Map.of("DYNAMODB_ENDPOINT", "http://127.0.0.1:8000")).store())
        .isEqualTo(GatewayConfig.Store.DYNAMODB);
    assertThat(GatewayConfig.from(Map.of("STORE", "dynamodb-local")).embeddedDynamoDb()).isTrue();
    assertThat(GatewayConfig.from(Map.of("STORE", "sqlite", "AWS_REGION", "eu-west-1")).store())
        .isEqualTo(GatewayConfig.Store.SQLITE);
  }

  @Test
  void aFleetOnSqliteIsRefusedWithAClearError() {
    assertThatThrownBy(() -> GatewayConfig.from(Map.of("CLUSTER_ENABLED", "true")))
        .hasMessageContaining("CLUSTER_ENABLED=true needs a DynamoDB the whole fleet shares");
    assertThat(GatewayConfig.from(Map.of("CLUSTER_ENABLED", "true", "DYNAMODB_ENDPOINT", "http://127.0.0.1:8000"))
        .store()).isEqualTo(GatewayConfig.Store.DYNAMODB);
  }

  @Test
  void anUnknownStoreOrDynamoDbWithoutAnAddressIsRefused() {
    assertThatThrownBy(() -> GatewayConfig.from(Map.of("STORE", "postgres"))).hasMessageContaining("STORE=postgres");
    assertThatThrownBy(() -> GatewayConfig.from(Map.of("STORE", "dynamodb")))
        .hasMessageContaining("STORE=dynamodb needs DYNAMODB_ENDPOINT or AWS_REGION");
  }

  @Test
  void aPolicyInjectedThroughSignInOriginsIsRefused() {
    assertThat(GatewayConfig.from(Map.of()).auth().signInOrigins()).containsExactly("https://*.amazoncognito.com");
    assertThat(GatewayConfig.from(Map.of("AUTH_SIGNIN_ORIGINS", " https://a.example  http://127.0.0.1:4567 "))
        .auth().signInOrigins()).containsExactly("https://a.example", "http://127.0.0.1:4567");
    for (String hostile : List.of("'unsafe-inline'", "https://a.example; script-src *", "*", "https://a.example/path")) {
      assertThatThrownBy(() -> GatewayConfig.from(Map.of("AUTH_SIGNIN_ORIGINS", hostile)))
          .as(hostile).hasMessageContaining("AUTH_SIGNIN_ORIGINS entries must be origins");
    }
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

  @Test
  void theStartLineNamesOnlyChangedSettingsAndNeverASecret() {
    String line = GatewayConfig.nonDefaultLine(Map.of("PORT", "9000", "CHAT_RATE_BURST", "40",
        "AUTH_JWT_SECRET", "a-secret-of-at-least-32-bytes-for-hs256", "AUTH_APIGW_SECRET", "another-secret",
        "AUTH_JWKS_URL", "https://reader:pa55@keys.example/jwks.json", "HOME", "/root"));
    assertThat(line).isEqualTo("AUTH_JWT_SECRET=(set) AUTH_JWKS_URL=https://***@keys.example/jwks.json"
        + " AUTH_APIGW_SECRET=(set) PORT=9000");
    assertThat(line).doesNotContain("a-secret-of").doesNotContain("another-secret").doesNotContain("pa55");
    assertThat(GatewayConfig.nonDefaultLine(Map.of("PORT", "8080"))).isEqualTo("none (every setting at its default)");
  }
}
