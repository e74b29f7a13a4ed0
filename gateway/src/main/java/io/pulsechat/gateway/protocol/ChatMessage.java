package io.pulsechat.gateway.protocol;

import io.pulsechat.sentiment.Sentiment;

/**
 * One accepted chat message, as stored and as broadcast in a {@code message} frame.
 *
 * @param id time-sortable: within a room, string order is the order the gateway accepted messages
 * @param ts milliseconds since the epoch, server clock
 * @param text already stripped of leading and trailing white space
 */
public record ChatMessage(String room, String id, String user, String text, long ts, String clientMsgId,
                          Sentiment sentiment) {
}
