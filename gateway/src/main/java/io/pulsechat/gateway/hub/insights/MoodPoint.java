package io.pulsechat.gateway.hub.insights;

/** One minute of a room's mood: {@code t} is the minute's start in epoch milliseconds. */
public record MoodPoint(long t, double score, int positive, int neutral, int negative) {
}
