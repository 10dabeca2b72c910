package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.HostShutdownAction;
import dev.hcsorchestrator.host.ScratchVolume;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reconciler's own bookkeeping about a definition, kept with its status so that a restart of
 * the service loses none of it. The definition module stores it as an opaque document ({@link
 * DefinitionStatus#memo()}); this type alone reads and writes it (JSON with a {@code version}).
 *
 * <p>Versions: 1 is the memo as the definition module kept it before (migration V3 moved those
 * rows); 2 adds {@code made}; 3 adds {@code hostShutdown}; 4 adds {@code unhealthyIncarnation}; 5
 * adds {@code endpointAddresses} and {@code scratchVolume}; 6 adds {@code mountedScratch} (members
 * an older version did not write read as 0 / null). Before version 6 a container's scratch volume
 * stayed mounted, with its storage filter, from one incarnation to the next: a document of an older
 * version that shows a scratch volume reads as having every recorded scratch folder mounted, so the
 * next incarnation unmounts it before it mounts it again. A version 1 document records nothing of
 * what the service made, so {@code made} reads as null and the first pass adopts what the spec
 * derives (see {@link Dependents#adopt}).
 *
 * @param version the format version of the stored document
 * @param systemGeneration spec generation the current incarnation was created from
 * @param backoffStreak consecutive restarts since the last run that lasted {@code reset-after}
 * @param runningSince when the current incarnation was last seen running, for the streak reset
 * @param savedStateFile state file of a saved VM, restored by the next incarnation
 * @param observedStartRequests the start requests already acted on
 * @param observedRestartRequests the restart requests already acted on
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
 * @param made what the service made for the definition, by dependent kind (see {@link Dependents}):
 *     the keys a delete removes; null when not recorded (a version 1 document)
 * @param hostShutdown the action a host shutdown took on the current incarnation (written ahead of
 *     the host call); null when none. Cleared by the next incarnation.
 * @param unhealthyIncarnation the incarnation the service is replacing because its health check
 *     failed: its exit is recorded as {@code Unhealthy} (0 when none; absent before version 4)
 * @param endpointAddresses the IP address HCN gave each endpoint the service made, by endpoint id:
 *     asked for again when the endpoint must be made again, so it keeps its address (null or absent
 *     before version 5: nothing remembered)
 * @param scratchVolume a container's mounted writable layer as the host last returned it (its
 *     volume path and layer ids): what the served document shows; null before it is mounted
 * @param mountedScratch the scratch folders whose disk may be attached with the storage filter on
 *     its volume (written ahead of the mount, dropped after the unmount): unmounted once their
 *     system is gone, before the next incarnation mounts again; null when none
 */
record Bookkeeping(
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

  static final int VERSION = 6;

  /** A definition no pass has acted on: nothing made yet. */
  static final Bookkeeping EMPTY =
      new Bookkeeping(
          VERSION,
          0,
          0,
          null,
          null,
          0,
          0,
          null,
          false,
          0,
          null,
          0,
          0,
          false,
          0,
          0,
          null,
          new TreeMap<>(),
          null,
          0,
          null,
          null,
          null);

  // Our own document; tolerate members a newer version may have written, and read a member an
  // older version did not write as 0 / false / null.
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  Bookkeeping {
    if (made != null) {
      SortedMap<String, List<String>> sorted = new TreeMap<>();
      made.forEach((k, v) -> sorted.put(k, v.stream().sorted().distinct().toList()));
      made = Collections.unmodifiableSortedMap(sorted);
    }
    if (endpointAddresses != null) {
      endpointAddresses = endpointAddresses.isEmpty() ? null : unmodifiable(endpointAddresses);
    }
    if (mountedScratch != null) {
      mountedScratch =
          mountedScratch.isEmpty() ? null : mountedScratch.stream().sorted().distinct().toList();
    }
  }

  private static SortedMap<String, String> unmodifiable(SortedMap<String, String> map) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }

  /** The bookkeeping in a definition's status. */
  static Bookkeeping of(DefinitionStatus status) {
    return status == null ? EMPTY : read(status.memo());
  }

  static Bookkeeping read(String document) {
    if (document == null) {
      return EMPTY;
    }
    Bookkeeping b = JSON.readValue(document, Bookkeeping.class);
    if (b.version() < 6 && b.scratchVolume() != null && b.mountedScratch() == null) {
      return b.withMountedScratch(b.made(ScratchDependent.SCRATCH));
    }
    return b;
  }

  private Bookkeeping withMountedScratch(List<String> folders) {
    return new Bookkeeping(
        version,
        systemGeneration,
        backoffStreak,
        runningSince,
        savedStateFile,
        observedStartRequests,
        observedRestartRequests,
        stopRequestedAt,
        exitRequested,
        startedIncarnation,
        specHash,
        holdGeneration,
        exitHandledIncarnation,
        restartPending,
        processIncarnation,
        provisionedGeneration,
        restoredFrom,
        made,
        hostShutdown,
        unhealthyIncarnation,
        endpointAddresses,
        scratchVolume,
        folders);
  }

  String write() {
    return JSON.writeValueAsString(this);
  }

  /** The recorded keys of one dependent kind; empty when none (or nothing recorded). */
  List<String> made(String kind) {
    return made == null ? List.of() : made.getOrDefault(kind, List.of());
  }
}
