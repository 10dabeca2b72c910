package dev.hcsorchestrator.reconcile;

import java.time.Duration;

/**
 * What one reconcile pass asks of the work queue; a thrown exception means "retry with backoff".
 */
public sealed interface ReconcileResult {

  ReconcileResult DONE = new Done();

  static ReconcileResult requeueAfter(Duration delay) {
    return new RequeueAfter(delay.isNegative() ? Duration.ZERO : delay);
  }

  /** Converged, or waiting for an event. */
  record Done() implements ReconcileResult {}

  /** Look again after {@code delay} (a backoff or a shutdown timeout is running). */
  record RequeueAfter(Duration delay) implements ReconcileResult {}
}
