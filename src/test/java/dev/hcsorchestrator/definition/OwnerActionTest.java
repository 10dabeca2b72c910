package dev.hcsorchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OwnerActionTest {

  @ParameterizedTest
  @CsvSource({
    "Start,   Running, false, start",
    "Stop,    Stopped, false, stop",
    "Restart, Running, false, restart",
    "Pause,   Paused,  true,  pause",
    "Resume,  Running, true,  resume",
    "Save,    Saved,   true,  save",
  })
  void eachActionAsksForItsStateAndPauseResumeSaveAreForVmsOnly(
      OwnerAction action, DesiredState state, boolean vmOnly, String path) {
    assertThat(action.desiredState()).isEqualTo(state);
    assertThat(action.virtualMachineOnly()).isEqualTo(vmOnly);
    assertThat(action.pathName()).isEqualTo(path);
  }
}
