package io.pulsechat.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserNameTest {

  @ParameterizedTest
  @ValueSource(strings = {"alice", "a", "Zoë Ünal", "李小龙", "white space ok", "12345678901234567890123456789012"})
  void acceptsNamesOfOneTo32CodePointsWithoutControls(String user) {
    assertThat(UserName.problem(user)).isEmpty();
  }

  @Test
  void countsCodePointsNotUtf16Units() {
    String emoji32 = "😀".repeat(32); // 64 UTF-16 units, 32 code points
    assertThat(UserName.problem(emoji32)).isEmpty();
    assertThat(UserName.problem(emoji32 + "x")).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "123456789012345678901234567890123", "tab\there", "nul\u0000", "del\u007f", "c1\u0085", "bell\u0007"})
  void refusesEmptyLongOrControlCharacters(String user) {
    assertThat(UserName.problem(user)).isPresent();
  }

  @Test
  void refusesAMissingUser() {
    assertThat(UserName.problem(null)).contains("the user query-string parameter is required");
  }
}
