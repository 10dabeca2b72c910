package dev.hcsorchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The drive of a Windows path: exactly one ASCII letter, A to Z in either case. */
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
}
