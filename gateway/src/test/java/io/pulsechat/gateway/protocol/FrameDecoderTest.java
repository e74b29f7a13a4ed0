package io.pulsechat.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameDecoderTest {
  final FrameDecoder decoder = new FrameDecoder(2000);

  ProtocolException refused(String frame) {
    return catchThrowableOfType(ProtocolException.class, () -> decoder.decode(frame));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "not json                                          | bad_request | NULL",
      "[1,2]                                             | bad_request | NULL",
      "null                                              | bad_request | NULL",
      "{\"room\":\"r\"}                                  | bad_request | NULL",
      "{\"type\":7}                                      | bad_request | NULL",
      "{\"type\":\"shout\"}                              | bad_request | shout",
      "{\"type\":\"join\",\"room\":\"a b\",\"user\":\"u\"} | bad_request | join",
      "{\"type\":\"send\",\"room\":\"r\",\"text\":\"hi\"}  | bad_request | send",
      "{\"type\":\"send\",\"room\":\"r\",\"text\":\"  \",\"clientMsgId\":\"m1\"} | bad_request | m1",
      "{\"type\":\"send\",\"room\":\"r\",\"clientMsgId\":\"\",\"text\":\"x\"} | bad_request | send",
      "{\"type\":\"history\",\"room\":\"r\",\"limit\":201} | bad_request | history",
      "{\"type\":\"history\",\"room\":\"r\",\"limit\":1.5} | bad_request | history",
      "{\"type\":\"history\",\"room\":\"r\",\"before\":\"a\",\"after\":\"b\"} | bad_request | history"})
  void answersEachBadFrameWithItsCodeAndRef(String frame, String code, String ref) {
    ProtocolException e = refused(frame.strip());
    assertThat(e.code().wireName()).isEqualTo(code);
    assertThat(e.ref()).isEqualTo(ref);
  }

  @Test
  void stripsTextAndCountsCodePoints() {
    ClientFrame.Send send = (ClientFrame.Send) decoder.decode(
        "{\"type\":\"send\",\"room\":\"r\",\"text\":\"\\u2003 hi \\n\",\"clientMsgId\":\"m\"}");
    assertThat(send.text()).isEqualTo("hi");

    String twoThousandEmoji = "😀".repeat(2000);
    assertThat(decoder.decode("{\"type\":\"send\",\"room\":\"r\",\"text\":\"" + twoThousandEmoji + "\",\"clientMsgId\":\"m\"}"))
        .isInstanceOf(ClientFrame.Send.class);
    assertThat(refused("{\"type\":\"send\",\"room\":\"r\",\"text\":\"" + "x".repeat(2001) + "\",\"clientMsgId\":\"m\"}").code())
        .isEqualTo(ErrorCode.TOO_LARGE);
  }

  @Test
  void usersAreOneToThirtyTwoCodePointsWithoutControlCharacters() {
    assertThat(Names.isValidUser("😀".repeat(32))).isTrue();
    assertThat(Names.isValidUser("😀".repeat(33))).isFalse();
    assertThat(Names.isValidUser("a\u007fb")).isFalse();
    assertThat(Names.isValidUser("a\u0085b")).isFalse();
    assertThat(Names.isValidUser("")).isFalse();
  }

  @Test
  void namesRefuseWhatAPersonCannotSeeOrWhatReordersText() {
    assertThat(Names.isValidUser("ada lovelace")).isTrue();
    assertThat(Names.isValidUser("Zoë 😀")).isTrue();
    assertThat(Names.isValidUser(" ")).as("a lone space").isFalse();
    assertThat(Names.isValidUser(" ada")).as("leading space").isFalse();
    assertThat(Names.isValidUser("ada ")).as("trailing space").isFalse();
    assertThat(Names.isValidUser("\u200b")).as("zero-width space, Cf").isFalse();
    assertThat(Names.isValidUser("alice\u200b")).as("zero-width space at the end").isFalse();
    assertThat(Names.isValidUser("\u202eevil")).as("right-to-left override, Cf").isFalse();
    assertThat(Names.isValidUser("a\u2066b")).as("left-to-right isolate, Cf").isFalse();
    assertThat(Names.isValidUser("a\u00a0b")).as("no-break space, Zs").isFalse();
    assertThat(Names.isValidUser("a\u3000b")).as("ideographic space, Zs").isFalse();
    assertThat(Names.isValidUser("a\u2028b")).as("line separator, Zl").isFalse();
    assertThat(Names.isValidUser("evil\udc00")).as("lone low surrogate").isFalse();
    assertThat(Names.isValidUser("evil\ud83d")).as("lone high surrogate").isFalse();
  }

  @Test
  void namesAreNormalisedToNfc() {
    ClientFrame.Join join = (ClientFrame.Join) decoder.decode(
        "{\"type\":\"join\",\"room\":\"r\",\"user\":\"Zoe\u0308\"}");
    assertThat(join.user()).isEqualTo("Zo\u00eb");
    assertThat(refused("{\"type\":\"join\",\"room\":\"r\",\"user\":\"\\u202eevil\"}").code())
        .isEqualTo(ErrorCode.BAD_REQUEST);
  }

  @Test
  void textsAndClientMsgIdsRefuseNulAndLoneSurrogates() {
    assertThat(refused("{\"type\":\"send\",\"room\":\"r\",\"text\":\"evil\\udc00\",\"clientMsgId\":\"m\"}"))
        .satisfies(e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
          assertThat(e.ref()).isEqualTo("m");
        });
    assertThat(refused("{\"type\":\"send\",\"room\":\"r\",\"text\":\"a\\u0000b\",\"clientMsgId\":\"m\"}").code())
        .isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(refused("{\"type\":\"send\",\"room\":\"r\",\"text\":\"hi\",\"clientMsgId\":\"m\\ud800\"}").ref())
        .isEqualTo("send");
    assertThat(decoder.decode("{\"type\":\"send\",\"room\":\"r\",\"text\":\"\\ud83d\\ude00 ok\",\"clientMsgId\":\"m\"}"))
        .isInstanceOf(ClientFrame.Send.class);
  }
}
