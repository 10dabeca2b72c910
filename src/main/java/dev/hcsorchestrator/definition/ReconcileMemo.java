package dev.hcsorchestrator.definition;

import java.time.Instant;

/**
 * The reconciler's own bookkeeping, stored with the status so that a restart of the service loses
 * none of it. Not part of the public API document.
 *
 * @param systemGeneration spec generation the current incarnation was created from
 * @param backoffStreak consecutive restarts since the last run that lasted {@code reset-after}
 * @param runningSince when the current incarnation was last seen running, for the streak reset
 * @param savedStateFile state file of a saved VM, restored by the next incarnation
 * @param observedStartRequests the {@link Definition#startRequests()} already acted on
 * @param observedRestartRequests the {@link Definition#restartRequests()} already acted on
 * @param stopRequestedAt when a graceful shutdown of the current incarnation was asked for
 * @param exitRequested the current incarnation is being stopped on purpose (not a restart cause)
 */
public record ReconcileMemo(
    long systemGeneration,
    int backoffStreak,
    Instant runningSince,
    String savedStateFile,
    long observedStartRequests,
    long observedRestartRequests,
    Instant stopRequestedAt,
    boolean exitRequested) {

  public static final ReconcileMemo EMPTY = new ReconcileMemo(0, 0, null, null, 0, 0, null, false);
}
