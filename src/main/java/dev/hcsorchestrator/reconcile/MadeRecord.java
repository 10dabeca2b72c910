package dev.hcsorchestrator.reconcile;

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
 */
final class MadeRecord {

  private SortedMap<String, List<String>> made;
  private final SortedMap<String, String> endpointAddresses;
  private final List<String> mountedScratch;
  private ScratchVolume scratchVolume;

  MadeRecord(Bookkeeping b) {
    made = b.made() == null ? null : new TreeMap<>(b.made());
    endpointAddresses =
        b.endpointAddresses() == null ? new TreeMap<>() : new TreeMap<>(b.endpointAddresses());
    mountedScratch =
        b.mountedScratch() == null ? new ArrayList<>() : new ArrayList<>(b.mountedScratch());
    scratchVolume = b.scratchVolume();
  }

  /** Whether anything is recorded at all (false for a version 1 document until adopted). */
  boolean recorded() {
    return made != null;
  }

  /** Starts an empty record (adoption of a version 1 document). */
  void startRecording() {
    if (made == null) {
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
    if (left.isEmpty()) {
      made.remove(kind);
    } else {
      made.put(kind, List.copyOf(left));
    }
  }

  String address(String endpointId) {
    return endpointAddresses.get(endpointId);
  }

  void addressGiven(String endpointId, String ip) {
    endpointAddresses.put(endpointId, ip);
  }

  void addressGone(String endpointId) {
    endpointAddresses.remove(endpointId);
  }

  List<String> mountedScratch() {
    return List.copyOf(mountedScratch);
  }

  /** Written ahead of the mount. */
  void mounting(String folder) {
    mountedScratch.add(folder);
  }

  /** After the host detached it. */
  void unmounted(String folder) {
    mountedScratch.remove(folder);
  }

  ScratchVolume scratchVolume() {
    return scratchVolume;
  }

  void volumeMounted(ScratchVolume volume) {
    scratchVolume = volume;
  }

  void volumeDeleted() {
    scratchVolume = null;
  }

  SortedMap<String, List<String>> made() {
    return made;
  }

  SortedMap<String, String> endpointAddresses() {
    return endpointAddresses;
  }

  List<String> mounted() {
    return mountedScratch;
  }
}
