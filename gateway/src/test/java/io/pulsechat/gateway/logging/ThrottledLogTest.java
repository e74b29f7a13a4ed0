package io.pulsechat.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ThrottledLogTest {
  @Test
  void aFloodOfOneKindOfLineWritesOneLineAndThenCountsTheRest() {
    Logger logger = (Logger) LoggerFactory.getLogger("throttled-test-" + System.nanoTime());
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    AtomicLong now = new AtomicLong(1_000);
    ThrottledLog log = new ThrottledLog(logger, Duration.ofSeconds(10), now::get);

    for (int i = 0; i < 10_000; i++) {
      log.warn("storage failed: {}", "boom " + i);
    }
    assertThat(lines.list).singleElement().extracting(ILoggingEvent::getFormattedMessage)
        .isEqualTo("storage failed: boom 0");

    now.addAndGet(Duration.ofSeconds(9).toNanos());
    log.warn("storage failed: {}", "still");
    assertThat(lines.list).hasSize(1);
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    log.warn("storage failed: {}", "again");
    assertThat(lines.list).hasSize(2);
    assertThat(lines.list.get(1).getFormattedMessage())
        .isEqualTo("storage failed: again (and 10000 more like it since the last such line)");
  }
}
