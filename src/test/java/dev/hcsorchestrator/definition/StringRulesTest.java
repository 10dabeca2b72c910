package dev.hcsorchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Text rules: what makes a string unclean and where (NUL, an unpaired surrogate, a bidirectional
 * control), how a string is echoed safely, and the drive of a Windows path (exactly one ASCII
 * letter, A to Z in either case).
 */
class StringRulesTest {

  @ParameterizedTest
  @ValueSource(chars = {'A', 'Z', 'a', 'z', 'M'})
  void aDriveLetterFromAToZInEitherCaseStartsAnAbsolutePath(char drive) {
    assertThat(StringRules.windowsAbsolute(drive + ":\\data", false)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(chars = {'@', '[', '`', '{', '1', 'É'})
  void aCharacterBesideTheLettersIsNoDrive(char drive) {
    assertThat(StringRules.windowsAbsolute(drive + ":\\data", false)).isFalse();
  }

  @Test
  void plainTextAndWellFormedSurrogatePairsAreClean() {
    assertThat(StringRules.unclean("")).isNull();
    assertThat(StringRules.unclean("web-01")).isNull();
    assertThat(StringRules.unclean("a\uD83D\uDE00b\uD83D\uDE00")).isNull();
  }

  @Test
  void theFirstUncleanCharacterIsNamedWithItsIndex() {
    assertThat(StringRules.unclean("ab\u0000c"))
        .isEqualTo("must not contain NUL (U+0000, at index 2)");
    assertThat(StringRules.unclean("a\uD83D"))
        .as("a high surrogate at the end")
        .isEqualTo("must not contain an unpaired surrogate (U+D83D, at index 1)");
    assertThat(StringRules.unclean("\uD83Dx"))
        .as("a high surrogate before no low one")
        .isEqualTo("must not contain an unpaired surrogate (U+D83D, at index 0)");
    assertThat(StringRules.unclean("\uD83D\uDE00\uDE00"))
        .as("a low surrogate after a complete pair")
        .isEqualTo("must not contain an unpaired surrogate (U+DE00, at index 2)");
    assertThat(StringRules.unclean("x\u202Ey"))
        .isEqualTo("must not contain the bidirectional control character U+202E (at index 1)");
    assertThat(StringRules.unclean("\u0000\u202E")).as("the first one wins").contains("NUL");
  }

  @ParameterizedTest
  @ValueSource(chars = {'\u061C', '\u200E', '\u200F', '\u202A', '\u202E', '\u2066', '\u2069'})
  void everyBidirectionalControlIsUnclean(char c) {
    assertThat(StringRules.unclean("a" + c)).contains("bidirectional control");
  }

  @ParameterizedTest
  @ValueSource(chars = {'\u061B', '\u200D', '\u2029', '\u202F', '\u2065', '\u206A'})
  void theNeighboursOfTheBidirectionalControlsAreClean(char c) {
    assertThat(StringRules.unclean("a" + c)).isNull();
  }

  @Test
  void anEchoedStringShowsControlsLoneSurrogatesAndBidiControlsAsEscapes() {
    assertThat(StringRules.shown("web-01 \uD83D\uDE00")).isEqualTo("web-01 \uD83D\uDE00");
    assertThat(StringRules.shown("a\u0000b\nc")).isEqualTo("a\\u0000b\\u000Ac");
    assertThat(StringRules.shown("\uDE00\uD83D")).isEqualTo("\\uDE00\\uD83D");
    assertThat(StringRules.shown("x\uD83D")).isEqualTo("x\\uD83D");
    assertThat(StringRules.shown("<\u202E>")).isEqualTo("<\\u202E>");
    assertThat(StringRules.shown("")).isEmpty();
  }
}
