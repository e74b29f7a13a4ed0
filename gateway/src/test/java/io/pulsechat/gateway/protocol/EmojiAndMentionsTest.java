package io.pulsechat.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmojiAndMentionsTest {

  @Test
  void oneEmojiIsOneGraphemeOfEmojiCodePoints() {
    for (String one : List.of("\uD83D\uDC4D", "\uD83D\uDC4D\uD83C\uDFFD", "\u2764\uFE0F", "\uD83C\uDDEB\uD83C\uDDF7",
        "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66", "1\uFE0F\u20E3",
        "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC65\uDB40\uDC6E\uDB40\uDC67\uDB40\uDC7F")) {
      assertThat(Emoji.isOne(one)).as(one).isTrue();
    }
    for (String notOne : List.of("", "a", "ok", "1", "\uD83D\uDC4D\uD83D\uDC4D", "\uD83D\uDC4D\u200D",
        "\u200D\uD83D\uDC4D", "\uD83C\uDDEB", "\uD83D\uDC4D ", "\uFE0F", "\uD83D\uDC4D".repeat(20))) {
      assertThat(Emoji.isOne(notOne)).as(notOne).isFalse();
    }
  }

  @Test
  void mentionsAreNamesAfterAnAtEachOnceInOrder() {
    assertThat(Mentions.of("@bob hi @carol. and @bob, x@example.com @"))
        .containsExactly("bob", "carol");
    assertThat(Mentions.of("@" + "a".repeat(33))).isEmpty();
    assertThat(Mentions.of("(@zoé)")).containsExactly("zoé");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      many.append("@u").append(i).append(' ');
    }
    assertThat(Mentions.of(many.toString())).hasSize(Mentions.MAX_MENTIONS);
  }
}
