package io.pulsechat.gateway.hub.insights;

import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.Mood;
import java.util.List;

/**
 * A room's mood fell below the alert threshold over enough messages: one per spike.
 *
 * @param at        when it was detected, epoch milliseconds
 * @param threshold the configured score it fell below
 * @param messages  the negative messages of the window that drove it, oldest first (at most
 *                  {@link #MAX_MESSAGES}), for moderators to act on
 */
public record SentimentAlert(String room, Mood mood, double threshold, long at, List<ChatMessage> messages) {
  /** Messages an alert names at most: the latest negative ones. */
  public static final int MAX_MESSAGES = 10;

  public SentimentAlert(String room, Mood mood, double threshold, long at) {
    this(room, mood, threshold, at, List.of());
  }

  public SentimentAlert withMessages(List<ChatMessage> drivers) {
    return new SentimentAlert(room, mood, threshold, at, List.copyOf(drivers));
  }
}
