package io.pulsechat.gateway.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.io.IOException;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * At the descriptor limit, every accept fails with "Too many open files" and Netty logs it with
 * a stack trace each time it retries (about once a second, and again on every event loop). This
 * filter, installed in logback.xml, replaces those lines with one short {@link ThrottledLog}
 * line per interval that counts the ones left out. It only touches Netty's lines that carry an
 * {@link IOException}; everything else passes unchanged.
 */
public final class AcceptFailureFilter extends TurboFilter {
  private final ThrottledLog log;

  public AcceptFailureFilter() {
    this(new ThrottledLog(LoggerFactory.getLogger(AcceptFailureFilter.class)));
  }

  AcceptFailureFilter(ThrottledLog log) {
    this.log = log;
  }

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    Throwable failure = t != null ? t : lastThrowable(params);
    if (failure == null || !level.isGreaterOrEqual(Level.WARN) || !logger.getName().startsWith("io.netty")
        || !(rootCause(failure) instanceof IOException io)) {
      return FilterReply.NEUTRAL;
    }
    log.warn("Netty: {} (from {}; at the descriptor limit this repeats every second, see README, Limits and abuse)",
        io.toString(), logger.getName());
    return FilterReply.DENY;
  }

  /** SLF4J takes a trailing throwable argument as the line's exception. */
  private static Throwable lastThrowable(Object[] params) {
    return params != null && params.length > 0 && params[params.length - 1] instanceof Throwable e ? e : null;
  }

  private static Throwable rootCause(Throwable t) {
    Throwable cause = t;
    for (int depth = 0; cause.getCause() != null && cause.getCause() != cause && depth < 10; depth++) {
      cause = cause.getCause();
    }
    return cause;
  }
}
