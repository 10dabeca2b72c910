package dev.hcsorchestrator.reconcile;

import java.time.Duration;

/**
 * What one reconcile pass asks of the work queue; a thrown exception means "retry with backoff".
 */
public sealed interface ReconcileResult {

  ReconcileResult DONE = new Done();

  /** The definition was recorded {@code Failed}: no retry until it changes. */
  ReconcileResult TERMINAL = new Terminal();

  static ReconcileResult requeueAfter(Duration delay) {
    return new RequeueAfter(delay.isNegative() ? Duration.ZERO : delay);
  }

  /** Converged, or waiting for an event. */
  record Done() implements ReconcileResult {}

  /**
   * The host cannot serve the definition as it stands (a rejected document, a missing file): it is
   * recorded as {@code Failed} and counted apart from a success.
   */
  record Terminal() implements ReconcileResult {}

  /** Look again after {@code delay} (a backoff or a shutdown timeout is running). */
  record RequeueAfter(Duration delay) implements ReconcileResult {}
}
