package io.pulsechat.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  @Test
  void allowsTheBurstThenRefillsAtTheRate() {
    TokenBucket bucket = new TokenBucket(40, 20, 0);
    int taken = 0;
    while (bucket.tryTake(0)) {
      taken++;
    }
    assertThat(taken).isEqualTo(40);
    assertThat(bucket.tryTake(49_000_000)).as("less than one token after 49 ms").isFalse();
    assertThat(bucket.tryTake(50_000_000)).as("one token after 50 ms at 20/s").isTrue();
    assertThat(bucket.tryTake(10_000_000_000L)).isTrue();
  }
}
