package io.pulsechat.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatTokenizerTest {
  private final ChatTokenizer tokenizer = new ChatTokenizer();

  @Test
  void lowerCasesWordsAndSqueezesElongations() {
    assertThat(tokenizer.tokens("Sooo GOOOOD")).containsExactly("soo", "good");
  }

  @Test
  void flagsElongatedAndAllCapsWords() {
    List<Integer> flags = new ArrayList<>();
    tokenizer.tokenize("happyyyy LOVE it", (b, len, kind, f, squeezedAt) -> flags.add(f));
    assertThat(flags).containsExactly(ChatTokenizer.ELONGATED, ChatTokenizer.ALL_CAPS, 0);
  }

  @Test
  void reportsWhereAnElongationWasSqueezed() {
    List<Integer> at = new ArrayList<>();
    tokenizer.tokenize("happyyyy", (b, len, kind, f, squeezedAt) -> at.add(squeezedAt));
    assertThat(at).containsExactly(5);
  }

  @Test
  void normalisesUrlsAndMentions() {
    assertThat(tokenizer.tokens("@user see https://t.co/xYz and www.example.com now"))
        .containsExactly("<user>", "see", "<url>", "and", "<url>", "now");
  }

  @Test
  void splitsCamelCaseHashtagsAndKeepsTheTag() {
    assertThat(tokenizer.tokens("#GoodVibes #NHL #iPhone7 #love"))
        .containsExactly("#goodvibes", "good", "vibes", "#nhl", "#iphone7", "i", "phone", "7", "#love");
  }

  @Test
  void splitsSnakeCaseHashtags() {
    assertThat(tokenizer.tokens("#bad_day")).containsExactly("#badday", "bad", "day");
  }

  @Test
  void keepsEmojiAsTokensAndDropsModifiers() {
    // thumbs up + medium skin tone, heart + variation selector, a ZWJ family
    assertThat(tokenizer.tokens("great\uD83D\uDC4D\uD83C\uDFFD ❤️ \uD83D\uDC68\u200D\uD83D\uDC69"))
        .containsExactly("great", "\uD83D\uDC4D", "❤", "\uD83D\uDC68", "\uD83D\uDC69");
  }

  @Test
  void recognisesEmoticonsAndDropsTheNose() {
    assertThat(tokenizer.tokens("ok :-) :( <3 xD :P")).containsExactly("ok", ":)", ":(", "<3", "xd", ":p");
  }

  @Test
  void doesNotMistakeWordsForEmoticons() {
    assertThat(tokenizer.tokens("xdebug dog: tomorrow")).containsExactly("xdebug", "dog", "tomorrow");
  }

  @Test
  void negationCoversTheClause() {
    assertThat(tokenizer.tokens("I don't like this movie, it is fun"))
        .containsExactly("i", "don't", "like_NEG", "this_NEG", "movie_NEG", "it", "is", "fun");
  }

  @Test
  void negationEndsAtButAndAtExclamation() {
    assertThat(tokenizer.tokens("not great but fine")).containsExactly("not", "great_NEG", "but", "fine");
    assertThat(tokenizer.tokens("never again! good")).containsExactly("never", "again_NEG", "!", "good");
  }

  @Test
  void negationWindowLimitsTheScope() {
    assertThat(new ChatTokenizer(1).tokens("not very good")).containsExactly("not", "very_NEG", "good");
  }

  @Test
  void apostropheContractionsAndCurlyQuotesAreNegators() {
    assertThat(tokenizer.tokens("isn\u2019t good")).containsExactly("isn't", "good_NEG");
    assertThat(tokenizer.tokens("cant wait")).containsExactly("cant", "wait_NEG");
  }

  @Test
  void exclamationAndQuestionRunsAreOneToken() {
    assertThat(tokenizer.tokens("what?!?? wow!!!")).containsExactly("what", "?", "!", "?", "wow", "!");
  }

  @Test
  void emptyAndPunctuationOnlyTextHaveNoTokens() {
    assertThat(tokenizer.tokens("")).isEmpty();
    assertThat(tokenizer.tokens("  ... ,; ")).isEmpty();
  }

  @Test
  void handlesLoneSurrogatesAndLongWords() {
    String longWord = "a".repeat(10) + "b".repeat(500);
    assertThat(tokenizer.tokens("\uD83D x " + longWord)).containsExactly("x", "aabb");
  }
}
