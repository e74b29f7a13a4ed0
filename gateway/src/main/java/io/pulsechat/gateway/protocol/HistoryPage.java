package io.pulsechat.gateway.protocol;

import java.util.List;

/**
 * A page of a room's history, oldest first.
 *
 * @param more whether older (for a page before an id, or the latest page) or newer (for a page
 *             after an id) messages remain in that direction
 */
public record HistoryPage(String room, List<ChatMessage> messages, boolean more) {
}
