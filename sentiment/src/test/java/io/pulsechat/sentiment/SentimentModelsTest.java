package io.pulsechat.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SentimentModelsTest {
  @Test
  void defaultModelLoadsFromTheClasspathInUnderASecond() {
    long start = System.nanoTime();
    SentimentModel model = SentimentModels.loadDefault();
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(millis).isLessThan(1_000);
    assertThat(model.version()).startsWith("tweeteval-lr-");
    assertThat(model.metrics().evaluatedOn()).isEqualTo("tweeteval-sentiment/val");
    assertThat(model.metrics().macroRecall()).isGreaterThan(0.67);
    assertThat(model.lexicon().sources()).containsExactly("vader", "afinn", "emoji");
  }

  @Test
  void defaultModelGetsObviousMessagesRight() {
    SentimentModel model = SentimentModels.loadDefault();
    assertThat(model.score("I love this, best day ever!").label()).isEqualTo(Label.POSITIVE);
    assertThat(model.score("this is awful, I hate it :(").label()).isEqualTo(Label.NEGATIVE);
    assertThat(model.score("the meeting moved to room 4 at 3pm").label()).isEqualTo(Label.NEUTRAL);
    assertThat(model.score("so happy for you \uD83D\uDE0D\uD83C\uDF89").score()).isPositive();
    assertThat(model.score("I am not happy with this").score())
        .isLessThan(model.score("I am happy with this").score());
    assertThat(model.score("anything").model()).isEqualTo(model.version());
  }
}
