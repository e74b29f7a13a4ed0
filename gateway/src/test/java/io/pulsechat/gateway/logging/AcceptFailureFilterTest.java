package io.pulsechat.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AcceptFailureFilterTest {
  private final LoggerContext context = new LoggerContext();
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final AtomicLong now = new AtomicLong(1_000);

  AcceptFailureFilterTest() {
    lines.setContext(context);
    lines.start();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(lines);
    AcceptFailureFilter filter = new AcceptFailureFilter(
        new ThrottledLog(context.getLogger("io.pulsechat.accept"), Duration.ofSeconds(10), now::get));
    filter.setContext(context);
    filter.start();
    context.addTurboFilter(filter);
  }

  @Test
  void descriptorExhaustionFloodingTheLogWithNettyStackTracesBecomesOneShortLinePerInterval() {
    Logger pipeline = context.getLogger("io.netty.channel.DefaultChannelPipeline");
    Logger acceptor = context.getLogger("io.netty.channel.socket.nio.NioServerSocketChannel");
    for (int i = 0; i < 1_000; i++) {
      pipeline.warn("An exceptionCaught() event was fired, and it reached at the tail of the pipeline.",
          new IOException("Too many open files"));
      acceptor.warn("Failed to create a new channel from an accepted socket.",
          new IllegalStateException(new IOException("Too many open files")));
    }
    assertThat(lines.list).singleElement().satisfies(line -> {
      assertThat(line.getLoggerName()).isEqualTo("io.pulsechat.accept");
      assertThat(line.getThrowableProxy()).isNull();
      assertThat(line.getFormattedMessage()).contains("Too many open files");
    });

    now.addAndGet(Duration.ofSeconds(10).toNanos());
    pipeline.warn("An exceptionCaught() event was fired", new IOException("Too many open files"));
    assertThat(lines.list).hasSize(2);
    assertThat(lines.list.get(1).getFormattedMessage()).contains("and 1999 more like it");
  }

  @Test
  void otherLinesPassUnchanged() {
    context.getLogger("io.netty.util.ResourceLeakDetector").error("LEAK", new IllegalStateException("leak"));
    context.getLogger("io.pulsechat.gateway.store.Storage").warn("disk", new IOException("disk full"));
    context.getLogger("io.netty.channel.DefaultChannelPipeline").info("no failure");
    assertThat(lines.list).extracting(ILoggingEvent::getMessage).containsExactly("LEAK", "disk", "no failure");
  }

  @Test
  void theGatewaysLogbackConfigurationInstallsIt() throws Exception {
    LoggerContext configured = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(configured);
    configurator.doConfigure(AcceptFailureFilterTest.class.getResource("/logback.xml"));
    assertThat(configured.getTurboFilterList()).hasAtLeastOneElementOfType(AcceptFailureFilter.class);
  }
}
