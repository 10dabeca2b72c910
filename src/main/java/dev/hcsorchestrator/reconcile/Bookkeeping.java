package dev.hcsorchestrator.reconcile;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 * <p>Version 7 keeps where the current incarnation is in its life as one {@link IncarnationState}
 * ({@code state}); versions 1 to 6 kept it as nine separate members, which {@link
 * LegacyBookkeeping} reads and turns into a state. Members an older version did not write read as 0
 * / null.
 *
 * @param version the format version of the stored document
 * @param systemGeneration spec generation the current incarnation was created from
 * @param backoffStreak consecutive restarts since the last run that lasted {@code reset-after}
 * @param observedStartRequests the start requests already acted on
 * @param observedRestartRequests the restart requests already acted on
 * @param specHash hash of the spec (desired state excluded) the current incarnation was made from
 * @param processIncarnation the container incarnation whose workload process was created
 * @param provisionedGeneration the generation whose disks, endpoints and sockets were ensured
 * @param restoredFrom the state file the current incarnation was created from (the file itself is
 *     deleted once the system runs); null when it was created without one
 * @param made what the service made for the definition, by dependent kind (see {@link Dependents}):
 *     the keys a delete removes; null when not recorded (a version 1 document)
 * @param hostShutdown the action a host shutdown took on the current incarnation (written ahead of
 *     the host call); null when none. Cleared by the next incarnation.
 * @param endpointAddresses the IP address HCN gave each endpoint the service made, by endpoint id:
 *     asked for again when the endpoint must be made again, so it keeps its address
 * @param scratchVolume a container's mounted writable layer as the host last returned it (its
 *     volume path and layer ids): what the served document shows; null before it is mounted
 * @param mountedScratch the scratch folders whose disk may be attached with the storage filter on
 *     its volume (written ahead of the mount, dropped after the unmount): unmounted once their
 *     system is gone, before the next incarnation mounts again; null when none
 * @param state where the current incarnation is in its life
 */
record Bookkeeping(
    int version,
    long systemGeneration,
    int backoffStreak,
    long observedStartRequests,
    long observedRestartRequests,
    String specHash,
    long processIncarnation,
    long provisionedGeneration,
    String restoredFrom,
    SortedMap<String, List<String>> made,
    HostShutdownAction hostShutdown,
    SortedMap<String, String> endpointAddresses,
    ScratchVolume scratchVolume,
    List<String> mountedScratch,
    IncarnationState state) {

  static final int VERSION = 7;

  /** A definition no pass has acted on: nothing made yet. */
  static final Bookkeeping EMPTY =
      new Bookkeeping(
          VERSION,
          0,
          0,
          0,
          0,
          null,
          0,
          0,
          null,
          new TreeMap<>(),
          null,
          null,
          null,
          null,
          IncarnationState.NONE);

  // Our own document; tolerate members a newer version may have written, and read a member an
  // older version did not write as 0 / false / null.
  static final JsonMapper JSON =
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
      endpointAddresses =
          endpointAddresses.isEmpty()
              ? null
              : Collections.unmodifiableSortedMap(new TreeMap<>(endpointAddresses));
    }
    if (mountedScratch != null) {
      mountedScratch =
          mountedScratch.isEmpty() ? null : mountedScratch.stream().sorted().distinct().toList();
    }
    if (state == null) {
      state = IncarnationState.NONE;
    }
  }

  /**
   * Documents already parsed (or written) by this process, keyed by the very string (weak keys
   * compare by identity): the cached definition hands every pass the same document until a write
   * replaces it, so an unchanged definition's bookkeeping is parsed at most once, not on every
   * pass. An entry goes when nothing holds its document any more. The values are immutable.
   */
  private static final Cache<String, Bookkeeping> PARSED = Caffeine.newBuilder().weakKeys().build();

  /** The bookkeeping in a definition's status, migrated from whichever version wrote it. */
  static Bookkeeping of(DefinitionStatus status) {
    if (status == null || status.memo() == null) {
      return EMPTY;
    }
    String document = status.memo();
    Bookkeeping known = PARSED.getIfPresent(document);
    if (known != null) {
      return known;
    }
    int version = JSON.readTree(document).path("version").asInt(0);
    if (version < 7) {
      // migrated with the rest of the status: not a function of the document alone
      return JSON.readValue(document, LegacyBookkeeping.class).migrate(status);
    }
    Bookkeeping parsed = JSON.readValue(document, Bookkeeping.class);
    PARSED.put(document, parsed);
    return parsed;
  }

  /**
   * The document for this bookkeeping, known parsed from now on: the pass that writes it holds the
   * parsed form already, so the next pass over the definition (whose cached copy holds this very
   * string) does not parse it again, the first idle resync after a converge included.
   */
  String write() {
    String document = JSON.writeValueAsString(this);
    PARSED.put(document, this);
    return document;
  }

  /** The recorded keys of one dependent kind; empty when none (or nothing recorded). */
  List<String> made(String kind) {
    return made == null ? List.of() : made.getOrDefault(kind, List.of());
  }

  /** The state below a hold (the state itself when not held). */
  IncarnationState life() {
    return state instanceof IncarnationState.Held h ? h.resume() : state;
  }

  /** The generation the definition is held at (Failed or stopped by its policy); 0 when not. */
  long holdGeneration() {
    return state instanceof IncarnationState.Held h ? h.generation() : 0;
  }

  /** Whether the current incarnation's exit is the service's doing (a stop or a save). */
  boolean exitRequested() {
    return life() instanceof IncarnationState.Stopping || life() instanceof IncarnationState.Saved;
  }

  /** The state file the next incarnation restores from; null when none. */
  String savedStateFile() {
    return life().restoreFile();
  }

  /** Whether an exit was counted and its replacement waits for the backoff. */
  boolean restartPending() {
    return life() instanceof IncarnationState.BackingOff;
  }

  /** When the current incarnation was last seen running; null when it is not running. */
  Instant runningSince() {
    return life().runningSince();
  }
}
