package io.pulsechat.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SentimentModelTest {
  private final SentimentModel model = TestModels.lexiconOnly();

  @Test
  void lexiconWordsDecideTheLabel() {
    assertThat(model.score("such a good day").label()).isEqualTo(Label.POSITIVE);
    assertThat(model.score("bad bad service").label()).isEqualTo(Label.NEGATIVE);
    assertThat(model.score("the train leaves at noon").label()).isEqualTo(Label.NEUTRAL);
  }

  @Test
  void negationFlipsLexiconPolarity() {
    assertThat(model.score("good").score()).isPositive();
    assertThat(model.score("not good").score()).isNegative();
  }

  @Test
  void elongatedWordsStillMatchTheLexicon() {
    assertThat(model.score("happyyyyy").label()).isEqualTo(Label.POSITIVE);
  }

  @Test
  void emojiAndEmoticonsCarrySentiment() {
    assertThat(model.score("\uD83D\uDE00").label()).isEqualTo(Label.POSITIVE);
    assertThat(model.score(":-)").label()).isEqualTo(Label.POSITIVE);
  }

  @Test
  void scoreIsTheDifferenceOfPositiveAndNegativeProbability() {
    double[] p = new double[3];
    model.probabilities("good", p);
    Sentiment s = model.score("good");
    assertThat(s.score()).isCloseTo(p[2] - p[0], org.assertj.core.data.Offset.offset(1e-6));
    assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(s.model()).isEqualTo("test-lexicon-1");
  }

  @Test
  void emptyTextIsScoredByTheBiasAlone() {
    assertThat(model.score("").label()).isEqualTo(Label.NEUTRAL);
  }

  @Test
  void refusesWeightsOfTheWrongShape() {
    assertThatThrownBy(() -> new SentimentModel("x", TestModels.SETTINGS, Lexicon.empty(), TrainingMetrics.none(),
        new float[10], new float[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected");
  }
}
