package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.host.SystemState;

/**
 * Desired {@code Paused}: a running system first, then paused. Decided from whether the current
 * incarnation has a system, whether a stop is under way and the system's state. Tested as a table
 * in {@code ParkedDecisionsTest}.
 */
final class PausedDecision {

  /** What the paused step does. */
  enum Action {
    /** No system, or a stop under way: the running step's work first, then pause. */
    RunFirst,
    /** Created only: start it, then look again. */
    Start,
    /** Running: pause it (next phase {@code Paused}). */
    Pause,
    /** Paused already (or in no state to pause): the phase says {@code Paused}. */
    Settle
  }

  private PausedDecision() {}

  /** {@code state} is null when the current incarnation has no system on the host. */
  static Action decide(SystemState state, boolean stopping) {
    if (state == null || stopping) {
      return Action.RunFirst;
    }
    return switch (state) {
      case Running -> Action.Pause;
      case Created -> Action.Start;
      default -> Action.Settle;
    };
  }
}
