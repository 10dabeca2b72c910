package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.HostShutdownAction;
import dev.hcsorchestrator.host.ScratchVolume;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One pass's copy of what the service made for a definition beside its system (the dependents' part
 * of the {@link Bookkeeping}): the recorded keys by kind, the endpoints' addresses and a
 * container's scratch mounts. {@link StatusDraft} owns it and writes it; the dependents change it
 * only through these operations.
 *
 * <p>Most passes change nothing (an idle resync's): the collections read are copied only when one
 * is changed, and a draft that changed nothing hands back the very bookkeeping it was read from.
 */
final class Memory {

  private final Bookkeeping read;
  private boolean changed;

  private long systemGeneration;
  private int backoffStreak;
  private long observedStartRequests;
  private long observedRestartRequests;
  private String specHash;
  private long processIncarnation;
  private long provisionedGeneration;
  private String restoredFrom;
  private HostShutdownAction hostShutdown;
  // the three below are the read (unmodifiable) ones until a change copies them
  private SortedMap<String, List<String>> made;
  private SortedMap<String, String> endpointAddresses;
  private List<String> mountedScratch;
  private ScratchVolume scratchVolume;

  Memory(Bookkeeping b) {
    read = b;
    systemGeneration = b.systemGeneration();
    backoffStreak = b.backoffStreak();
    observedStartRequests = b.observedStartRequests();
    observedRestartRequests = b.observedRestartRequests();
    specHash = b.specHash();
    processIncarnation = b.processIncarnation();
    provisionedGeneration = b.provisionedGeneration();
    restoredFrom = b.restoredFrom();
    hostShutdown = b.hostShutdown();
    made = b.made();
    endpointAddresses = b.endpointAddresses();
    mountedScratch = b.mountedScratch();
    scratchVolume = b.scratchVolume();
  }

  /** Every change goes through here first. */
  private void change() {
    if (!changed) {
      changed = true;
      made = made == null ? null : new TreeMap<>(made);
      endpointAddresses =
          endpointAddresses == null ? new TreeMap<>() : new TreeMap<>(endpointAddresses);
      mountedScratch = mountedScratch == null ? new ArrayList<>() : new ArrayList<>(mountedScratch);
    }
  }

  /** Whether anything is recorded at all (false for a version 1 document until adopted). */
  boolean recorded() {
    return made != null;
  }

  /** Starts an empty record (adoption of a version 1 document). */
  void startRecording() {
    if (made == null) {
      change();
      made = new TreeMap<>();
    }
  }

  /** The recorded keys of one kind; empty when none. */
  List<String> keys(String kind) {
    return made == null ? List.of() : made.getOrDefault(kind, List.of());
  }

  /** Adds keys of one kind; whether the record grew. Nothing when not recording. */
  boolean add(String kind, Collection<String> keys) {
    if (made == null) {
      return false;
    }
    Set<String> union = new HashSet<>(keys(kind));
    if (!union.addAll(keys)) {
      return false;
    }
    change();
    made.put(kind, union.stream().sorted().toList());
    return true;
  }

  /** Drops keys of one kind (after their delete succeeded). */
  void remove(String kind, Collection<String> keys) {
    if (made == null || keys.isEmpty()) {
      return;
    }
    List<String> left = new ArrayList<>(keys(kind));
    left.removeAll(keys);
    change();
    if (left.isEmpty()) {
      made.remove(kind);
    } else {
      made.put(kind, List.copyOf(left));
    }
  }

  String address(String endpointId) {
    return endpointAddresses == null ? null : endpointAddresses.get(endpointId);
  }

  void addressGiven(String endpointId, String ip) {
    change();
    endpointAddresses.put(endpointId, ip);
  }

  void addressGone(String endpointId) {
    change();
    endpointAddresses.remove(endpointId);
  }

  List<String> mountedScratch() {
    return mountedScratch == null ? List.of() : List.copyOf(mountedScratch);
  }

  /** Written ahead of the mount. */
  void mounting(String folder) {
    change();
    mountedScratch.add(folder);
  }

  /** After the host detached it. */
  void unmounted(String folder) {
    change();
    mountedScratch.remove(folder);
  }

  ScratchVolume scratchVolume() {
    return scratchVolume;
  }

  void volumeMounted(ScratchVolume volume) {
    change();
    scratchVolume = volume;
  }

  void volumeDeleted() {
    change();
    scratchVolume = null;
  }

  /**
   * Today's document for these values and {@code state}: the one read when nothing changed (an idle
   * pass builds, sorts and compares nothing).
   */
  Bookkeeping bookkeeping(IncarnationState state) {
    if (!changed && state.equals(read.state()) && read.version() == Bookkeeping.VERSION) {
      return read;
    }
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
        mountedScratch,
        state);
  }

  long systemGeneration() {
    return systemGeneration;
  }

  int backoffStreak() {
    return backoffStreak;
  }

  long observedStartRequests() {
    return observedStartRequests;
  }

  long observedRestartRequests() {
    return observedRestartRequests;
  }

  String specHash() {
    return specHash;
  }

  long processIncarnation() {
    return processIncarnation;
  }

  boolean provisionedBefore() {
    return provisionedGeneration != 0;
  }

  HostShutdownAction hostShutdown() {
    return hostShutdown;
  }

  // the values below change through StatusDraft's transitions, and the process, provisioning
  // and streak marks through the steps that did the work

  void specMatched(String hash, long generation) {
    change();
    specHash = hash;
    systemGeneration = generation;
  }

  void startRequestsSeen(long requests) {
    change();
    observedStartRequests = requests;
  }

  void restartRequestsSeen(long requests) {
    change();
    observedRestartRequests = requests;
  }

  void streak(int restarts) {
    change();
    backoffStreak = restarts;
  }

  void processCreated(long incarnation) {
    change();
    processIncarnation = incarnation;
  }

  void provisioned(long generation) {
    change();
    provisionedGeneration = generation;
  }

  void restoredFrom(String file) {
    change();
    restoredFrom = file;
  }

  void hostShutdown(HostShutdownAction action) {
    change();
    hostShutdown = action;
  }
}
