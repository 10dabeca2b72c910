package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.host.SystemState;
import java.time.Duration;
import java.time.Instant;

/**
 * How far a stop of the current system has come, decided from the stored stop (its request time),
 * the system's state and the spec's shutdown timeout: ask first (graceful shutdown when the system
 * runs and the timeout is not zero, otherwise terminate at once), wait for the deadline, then
 * terminate; a system still there {@link PassTools#TERMINATE_GRACE} after the deadline is overdue.
 * Tested as a table in {@code StopDecisionTest}.
 */
final class StopDecision {

  /** What {@link Stopper} does next. */
  sealed interface Action {}

  /** No stop asked for yet: record it (written ahead), then shut down gracefully or terminate. */
  record Ask(boolean graceful) implements Action {}

  /** The guest has until {@code deadline} to shut down. */
  record Wait(Instant deadline) implements Action {}

  /** The deadline passed: terminate. */
  record Terminate() implements Action {}

  /**
   * Still on the host {@code grace} after the deadline, terminated since: terminate again and say
   * so (the terminate was not carried out, e.g. never acknowledged by the host).
   */
  record Overdue(Duration grace) implements Action {}

  private StopDecision() {}

  static Action decide(
      IncarnationState.Stopping stopping, SystemState state, Duration timeout, Instant now) {
    if (stopping == null || stopping.requestedAt() == null) {
      return new Ask(state == SystemState.Running && !timeout.isZero());
    }
    Instant deadline = stopping.requestedAt().plus(timeout);
    if (now.isBefore(deadline)) {
      return new Wait(deadline);
    }
    return now.isBefore(deadline.plus(PassTools.TERMINATE_GRACE))
        ? new Terminate()
        : new Overdue(PassTools.TERMINATE_GRACE);
  }
}
