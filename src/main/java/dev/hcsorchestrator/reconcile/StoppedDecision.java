package dev.hcsorchestrator.reconcile;

/**
 * Desired {@code Stopped}: no system on the host. A pending restart is off either way. Tested as a
 * table in {@code ParkedDecisionsTest}.
 */
final class StoppedDecision {

  /** What the stopped step does. */
  enum Action {
    /** A system is there: stop it ({@link StopDecision}; next state {@code Stopping}). */
    Stop,
    /** None: stopped as asked (next state {@code Exited}, or {@code Saved} when a file is kept). */
    Settle
  }

  private StoppedDecision() {}

  static Action decide(boolean systemOnHost) {
    return systemOnHost ? Action.Stop : Action.Settle;
  }
}
