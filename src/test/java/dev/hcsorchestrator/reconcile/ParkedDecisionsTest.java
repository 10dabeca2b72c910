package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.host.SystemState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The decisions of the desired states that park a definition ({@code Paused}, {@code Saved}, {@code
 * Stopped}), as tables: the system's state on the host (empty: none), a stop under way, a recorded
 * state file → what the step does.
 */
class ParkedDecisionsTest {

  @ParameterizedTest(name = "paused: system {0}, stopping {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      textBlock =
          """
          none    |false|RunFirst
          none    |true |RunFirst
          Running |true |RunFirst
          Running |false|Pause
          Created |false|Start
          Paused  |false|Settle
          Stopped |false|Settle
          Unknown |false|Settle
          """)
  void paused(SystemState state, boolean stopping, PausedDecision.Action expected) {
    assertThat(PausedDecision.decide(state, stopping)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "saved: system {0}, stopping {1}, file {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      textBlock =
          """
          none    |false|false|AsStopped
          none    |true |false|AsStopped
          none    |false|true |Settle
          none    |true |true |Settle
          Running |true |true |FinishStop
          Paused  |true |false|FinishStop
          Running |false|false|PauseAndSave
          Running |false|true |PauseAndSave
          Paused  |false|false|Save
          Created |false|false|Stop
          Stopped |false|true |Stop
          Unknown |false|false|Stop
          """)
  void saved(SystemState state, boolean stopping, boolean file, SavedDecision.Action expected) {
    assertThat(SavedDecision.decide(state, stopping, file)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "stopped: system on the host {0} -> {1}")
  @CsvSource({"true,Stop", "false,Settle"})
  void stopped(boolean onHost, StoppedDecision.Action expected) {
    assertThat(StoppedDecision.decide(onHost)).isEqualTo(expected);
  }
}
