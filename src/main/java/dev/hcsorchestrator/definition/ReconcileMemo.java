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
 * @param startedIncarnation the incarnation whose system this service created (or adopted) and
 *     started; a stored incarnation above it was never confirmed on the host
 * @param specHash hash of the spec (desired state excluded) the current incarnation was made from
 * @param holdGeneration generation at which the definition settled in {@code Failed} or in {@code
 *     Stopped} by its restart policy; 0 when not held
 * @param exitHandledIncarnation the incarnation whose exit was already accounted for
 * @param restartPending an exit was accounted for and a replacement is due at {@code nextRetryAt}
 * @param processIncarnation the container incarnation whose workload process was created
 * @param provisionedGeneration the generation whose disks, endpoints and sockets were ensured
 * @param restoredFrom the state file the current incarnation was created from (the file itself is
 *     deleted once the system runs); null when it was created without one
 */
public record ReconcileMemo(
    long systemGeneration,
    int backoffStreak,
    Instant runningSince,
    String savedStateFile,
    long observedStartRequests,
    long observedRestartRequests,
    Instant stopRequestedAt,
    boolean exitRequested,
    long startedIncarnation,
    String specHash,
    long holdGeneration,
    long exitHandledIncarnation,
    boolean restartPending,
    long processIncarnation,
    long provisionedGeneration,
    String restoredFrom) {

  /** The original fields alone; the reconciler's later additions start empty. */
  public ReconcileMemo(
      long systemGeneration,
      int backoffStreak,
      Instant runningSince,
      String savedStateFile,
      long observedStartRequests,
      long observedRestartRequests,
      Instant stopRequestedAt,
      boolean exitRequested) {
    this(
        systemGeneration,
        backoffStreak,
        runningSince,
        savedStateFile,
        observedStartRequests,
        observedRestartRequests,
        stopRequestedAt,
        exitRequested,
        0,
        null,
        0,
        0,
        false,
        0,
        0,
        null);
  }

  public static final ReconcileMemo EMPTY =
      new ReconcileMemo(0, 0, null, null, 0, 0, null, false, 0, null, 0, 0, false, 0, 0, null);
}
