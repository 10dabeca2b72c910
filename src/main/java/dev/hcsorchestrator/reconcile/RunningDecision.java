package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.host.SystemState;

/**
 * Desired {@code Running} while the current incarnation's system is on the host: what the pass
 * does, decided from what it learned before acting (requests, the stored stop, the spec hash, the
 * host's state of the system, the workload's exit, the health verdict). The missing system is
 * {@link Lifecycle}'s decision, an exit the restart policy's ({@link RestartDecision}). Tested as a
 * table in {@code RunningDecisionTest}.
 */
final class RunningDecision {

  /**
   * What the pass knows about the system before it acts.
   *
   * @param restartAsked a restart request not acted on yet
   * @param stopping a stop is under way (stored)
   * @param specChanged the system runs an earlier generation's spec that differs from today's
   * @param state the system's state on the host
   * @param pausedAsAsked paused through the API (desired {@code Paused} before), not behind our
   *     back
   * @param workloadEnded a container's process exited
   * @param unhealthy the health check failed often enough to replace the system
   */
  record Facts(
      boolean restartAsked,
      boolean stopping,
      boolean specChanged,
      SystemState state,
      boolean pausedAsAsked,
      boolean workloadEnded,
      boolean unhealthy) {}

  /** What the running step does. */
  sealed interface Action {}

  /** Stop the system for {@code why} (next state {@code Stopping}); the next pass replaces it. */
  record Replace(Why why) implements Action {}

  /** Why a running system is replaced. */
  enum Why {
    RestartRequested,
    SpecChanged
  }

  /** A stop under way goes on ({@link StopDecision}). */
  record FinishStop() implements Action {}

  /** Bring the system to running ({@code fix}), then {@code then}. */
  record Converge(Fix fix, Then then) implements Action {}

  /** What the system's state on the host needs. */
  enum Fix {
    /** Running already. */
    None,
    /** Created (by a crash between create and start, or adopted so): start it. */
    Start,
    /** Paused through the API, now wanted running: resume it. */
    Resume,
    /** Paused behind the service's back: say so (drift), then resume it. */
    ResumeDrifted
  }

  /** After the fix. */
  enum Then {
    /** Running as wanted (next state {@code Running}; the restart streak may reset). */
    Settle,
    /** A container's workload ended: the container goes with it, its exit counted next pass. */
    EndWorkload,
    /** Replace the system for its health (next state {@code Stopping(Unhealthy)}). */
    StopUnhealthy
  }

  private RunningDecision() {}

  static Action decide(Facts f) {
    if (f.restartAsked()) {
      return new Replace(Why.RestartRequested);
    }
    if (f.stopping()) {
      return new FinishStop();
    }
    if (f.specChanged()) {
      return new Replace(Why.SpecChanged);
    }
    Fix fix =
        switch (f.state()) {
          case Paused -> f.pausedAsAsked() ? Fix.Resume : Fix.ResumeDrifted;
          case Created -> Fix.Start;
          default -> Fix.None;
        };
    Then then;
    if (f.workloadEnded()) {
      then = Then.EndWorkload;
    } else if (f.unhealthy()) {
      then = Then.StopUnhealthy;
    } else {
      then = Then.Settle;
    }
    return new Converge(fix, then);
  }
}
