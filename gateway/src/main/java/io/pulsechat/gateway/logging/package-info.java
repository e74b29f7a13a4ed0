/**
 * Logging helpers. The log's format (plain or JSON lines) and level are set in logback.xml from
 * LOG_FORMAT and LOG_LEVEL; this package keeps lines that could flood to a bounded rate.
 */
package io.pulsechat.gateway.logging;
