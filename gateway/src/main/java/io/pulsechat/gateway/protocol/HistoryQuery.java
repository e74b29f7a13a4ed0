package io.pulsechat.gateway.protocol;

/**
 * Which page of a room's history to read: the latest messages when neither bound is set,
 * the newest messages older than {@code before}, or the oldest messages newer than {@code after}.
 * At most one of {@code before} and {@code after} is set.
 */
public record HistoryQuery(String room, String before, String after, int limit) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  public static HistoryQuery latest(String room, int limit) {
    return new HistoryQuery(room, null, null, limit);
  }
}
