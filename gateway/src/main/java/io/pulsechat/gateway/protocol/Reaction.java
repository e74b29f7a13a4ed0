package io.pulsechat.gateway.protocol;

import java.util.List;

/** One emoji on a message and the users who put it there, in the order they did. */
public record Reaction(String emoji, List<String> users) {
}
