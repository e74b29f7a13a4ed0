package io.pulsechat.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class TagValueCapTest {
  @Test
  void valuesPastTheCapShareOneMeterAndAreCounted() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TagValueCap.install(registry, 10);
    for (int i = 0; i < 500; i++) {
      Counter.builder("requests").tag("method", "M" + i).tag("code", "200").register(registry).increment();
    }
    assertThat(registry.find("requests").counters()).hasSize(11);
    assertThat(registry.get("requests").tag("method", TagValueCap.OVERFLOW).counter().count()).isEqualTo(490);
    assertThat(registry.get("requests").tag("method", "M3").counter().count()).isEqualTo(1);
    assertThat(registry.get("pulsechat.meter.tag.values.capped").functionCounter().count()).isEqualTo(490);
  }

  @Test
  void theCapIsPerMeterAndTag() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TagValueCap.install(registry, 10);
    for (int i = 0; i < 10; i++) {
      Counter.builder("a").tag("k", "v" + i).register(registry);
      Counter.builder("b").tag("k", "v" + i).register(registry);
    }
    assertThat(registry.get("pulsechat.meter.tag.values.capped").functionCounter().count()).isZero();
  }
}
