package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.host.SystemState;

/**
 * Desired {@code Saved}: the system paused, saved to a state file and terminated; the next
 * incarnation restores from the file. Decided from the system's state (null when it has none on the
 * host), whether a stop is under way and whether a state file is recorded. Tested as a table in
 * {@code ParkedDecisionsTest}.
 */
final class SavedDecision {

  /** What the saved step does. */
  enum Action {
    /** No system and no state file: nothing to save, stopped as the stopped step says. */
    AsStopped,
    /** No system, a state file recorded: saved as asked (next state {@code Saved(file)}). */
    Settle,
    /** A stop under way (the terminate after a save, or an earlier stop) goes on. */
    FinishStop,
    /** Running: pause it, then save and terminate. */
    PauseAndSave,
    /** Paused: save it to the state file (recorded ahead), then terminate. */
    Save,
    /** In no state to save (created only, stopped...): stopped instead, the next pass decides. */
    Stop
  }

  private SavedDecision() {}

  static Action decide(SystemState state, boolean stopping, boolean stateFileRecorded) {
    if (state == null) {
      return stateFileRecorded ? Action.Settle : Action.AsStopped;
    }
    if (stopping) {
      return Action.FinishStop;
    }
    return switch (state) {
      case Running -> Action.PauseAndSave;
      case Paused -> Action.Save;
      default -> Action.Stop;
    };
  }
}
