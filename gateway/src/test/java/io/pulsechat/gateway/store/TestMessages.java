package io.pulsechat.gateway.store;

import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.sentiment.Label;
import io.pulsechat.sentiment.Sentiment;
import java.util.List;
import java.util.stream.IntStream;

/** Messages for store tests: ids are zero-padded so string order is number order. */
final class TestMessages {
  private TestMessages() {
  }

  static String id(int n) {
    return String.format("%012d", n);
  }

  static ChatMessage message(String room, int n) {
    return new ChatMessage(room, id(n), "user" + (n % 3), "message number " + n, 1_700_000_000_000L + n,
        "c" + n, new Sentiment(Label.POSITIVE, 0.25, "test-1"));
  }

  static List<ChatMessage> messages(String room, int fromInclusive, int toExclusive) {
    return IntStream.range(fromInclusive, toExclusive).mapToObj(n -> message(room, n)).toList();
  }
}
