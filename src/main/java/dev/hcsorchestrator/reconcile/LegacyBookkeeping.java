package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.HostShutdownAction;
import dev.hcsorchestrator.host.ScratchVolume;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/**
 * A bookkeeping document of versions 1 to 6, read only to be migrated to today's ({@link
 * Bookkeeping}). Those versions kept the incarnation's life as separate members; {@link #migrate}
 * turns them into the one {@link IncarnationState} they stood for.
 *
 * <p>Versions: 1 is the memo as the definition module kept it before (migration V3 moved those
 * rows; it records nothing of what the service made, so {@code made} stays null and the first pass
 * adopts what the spec derives, see {@link Dependents#adopt}); 2 adds {@code made}; 3 adds {@code
 * hostShutdown}; 4 adds {@code unhealthyIncarnation}; 5 adds {@code endpointAddresses} and {@code
 * scratchVolume}; 6 adds {@code mountedScratch}. Before version 6 a container's scratch volume
 * stayed mounted from one incarnation to the next: such a document that shows a scratch volume
 * reads as having every recorded scratch folder mounted, so the next incarnation unmounts it before
 * it mounts it again.
 */
record LegacyBookkeeping(
    int version,
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
    String restoredFrom,
    SortedMap<String, List<String>> made,
    HostShutdownAction hostShutdown,
    long unhealthyIncarnation,
    SortedMap<String, String> endpointAddresses,
    ScratchVolume scratchVolume,
    List<String> mountedScratch) {

  /** Today's document; the status gives the incarnation and retry time the old members meant. */
  Bookkeeping migrate(DefinitionStatus status) {
    List<String> mounted = mountedScratch;
    if (version < 6 && scratchVolume != null && mounted == null && made != null) {
      mounted = made.getOrDefault(ScratchDependent.SCRATCH, List.of());
    }
    IncarnationState life = life(status.incarnation(), status.nextRetryAt());
    return new Bookkeeping(
        Bookkeeping.VERSION,
        systemGeneration,
        backoffStreak,
        observedStartRequests,
        observedRestartRequests,
        specHash,
        processIncarnation,
        provisionedGeneration,
        restoredFrom,
        made,
        hostShutdown,
        endpointAddresses,
        scratchVolume,
        mounted,
        holdGeneration == 0 ? life : new IncarnationState.Held(holdGeneration, life));
  }

  // the same order of questions the running step asked of these members
  private IncarnationState life(long incarnation, Instant nextRetryAt) {
    if (incarnation == 0 || startedIncarnation < incarnation) {
      return new IncarnationState.Planned(savedStateFile);
    }
    if (restartPending) {
      return new IncarnationState.BackingOff(nextRetryAt);
    }
    if (exitRequested && stopRequestedAt != null && exitHandledIncarnation != incarnation) {
      IncarnationState.Cause cause =
          unhealthyIncarnation == incarnation
              ? IncarnationState.Cause.Unhealthy
              : hostShutdown != null
                  ? IncarnationState.Cause.HostShutdown
                  : IncarnationState.Cause.Asked;
      return new IncarnationState.Stopping(cause, stopRequestedAt, savedStateFile);
    }
    if (savedStateFile != null) {
      return new IncarnationState.Saved(savedStateFile);
    }
    if (exitRequested || exitHandledIncarnation == incarnation) {
      return new IncarnationState.Exited();
    }
    return new IncarnationState.Running(runningSince);
  }
}
