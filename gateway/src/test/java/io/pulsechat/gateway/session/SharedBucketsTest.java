package io.pulsechat.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.GatewayConfig;
import org.junit.jupiter.api.Test;

class SharedBucketsTest {
  private static final long S = 1_000_000_000L;

  @Test
  void eachKeyHasItsOwnBucket() {
    SharedBuckets buckets = new SharedBuckets(new GatewayConfig.Rate(1, 2), 0);
    assertThat(buckets.tryTake("ada", 0)).isTrue();
    assertThat(buckets.tryTake("ada", 0)).isTrue();
    assertThat(buckets.tryTake("ada", 0)).isFalse();
    assertThat(buckets.tryTake("bob", 0)).isTrue();
    assertThat(buckets.tryTake("ada", S)).as("refilled one a second").isTrue();
  }

  @Test
  void bucketsThatRefilledAreForgotten() {
    SharedBuckets buckets = new SharedBuckets(new GatewayConfig.Rate(1, 2), 0);
    for (int i = 0; i < 1000; i++) {
      buckets.tryTake("user" + i, 0);
    }
    assertThat(buckets.size()).isEqualTo(1000);
    buckets.tryTake("late", 3 * S);
    assertThat(buckets.size()).isEqualTo(1);
  }
}
