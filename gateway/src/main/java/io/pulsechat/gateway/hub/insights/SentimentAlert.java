package io.pulsechat.gateway.hub.insights;

import io.pulsechat.gateway.protocol.Mood;

/**
 * A room's mood fell below the alert threshold over enough messages: one per spike.
 *
 * @param at        when it was detected, epoch milliseconds
 * @param threshold the configured score it fell below
 */
public record SentimentAlert(String room, Mood mood, double threshold, long at) {
}
