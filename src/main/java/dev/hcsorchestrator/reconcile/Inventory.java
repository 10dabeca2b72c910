package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.host.SystemState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the reconciler knows in memory: each definition's kind, phase and current compute system,
 * and which definition every system id it made or adopted belongs to. Gauges and event routing read
 * it, so neither scans the database nor the host.
 */
public final class Inventory {

  record Entry(Kind kind, Phase phase, String systemId) {}

  private final Map<UUID, Entry> definitions = new ConcurrentHashMap<>();
  private final Map<String, UUID> systemOwners = new ConcurrentHashMap<>();
  // the other way round, so that forgetting a definition does not scan every system id
  private final Map<UUID, Set<String>> systemsOf = new ConcurrentHashMap<>();
  private final Map<String, SystemState> systemStates = new ConcurrentHashMap<>();
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final ObservedSnapshot snapshot = new ObservedSnapshot();
  private volatile boolean claimsLoaded;
  private volatile Instant lastResync;

  void record(UUID id, Kind kind, Phase phase, String systemId) {
    // every pass records; one that changed nothing writes nothing to the maps
    Entry was = definitions.get(id);
    if (was == null
        || was.kind() != kind
        || was.phase() != phase
        || !Objects.equals(was.systemId(), systemId)) {
      definitions.put(id, new Entry(kind, phase, systemId));
    }
    if (systemId != null && !id.equals(systemOwners.get(systemId))) {
      own(id, systemId);
    }
  }

  /** A system id of this definition (any incarnation), before it is created on the host. */
  void claim(UUID id, String systemId) {
    own(id, systemId);
  }

  private void own(UUID id, String systemId) {
    systemsOf.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(systemId);
    systemOwners.put(systemId, id);
  }

  void forgetSystem(String systemId) {
    UUID owner = systemOwners.remove(systemId);
    if (owner != null) {
      systemsOf.computeIfPresent(
          owner,
          (k, ids) -> {
            ids.remove(systemId);
            return ids.isEmpty() ? null : ids;
          });
    }
    systemStates.remove(systemId);
    seen.remove(systemId);
  }

  /** The last resync's enumeration of the host. */
  ObservedSnapshot snapshot() {
    return snapshot;
  }

  void forget(UUID id) {
    snapshot.forget(id);
    Entry e = definitions.remove(id);
    List<String> ids = new ArrayList<>(systemsOf.getOrDefault(id, Set.of()));
    systemsOf.remove(id);
    if (e != null && e.systemId() != null) {
      ids.add(e.systemId());
    }
    ids.forEach(this::forgetSystem);
  }

  /**
   * Whether this process sees this system id for the first time (created, started or found on the
   * host); later calls answer false. After a restart of the service everything is new again.
   */
  boolean firstSight(String systemId) {
    return seen.add(systemId);
  }

  /** The definition a system id belongs to, if this service made or adopted it. */
  public Optional<UUID> ownerOf(String systemId) {
    return Optional.ofNullable(systemOwners.get(systemId));
  }

  /** The current compute system id of a definition. */
  Optional<String> currentSystem(UUID id) {
    Entry e = definitions.get(id);
    return e == null ? Optional.empty() : Optional.ofNullable(e.systemId());
  }

  /** The phase last recorded for a definition, or null. */
  Phase phaseOf(UUID id) {
    Entry e = definitions.get(id);
    return e == null ? null : e.phase();
  }

  boolean isCurrent(String systemId) {
    return currentOwner(systemId) != null;
  }

  /** The definition whose current system this is, or null. */
  UUID currentOwner(String systemId) {
    UUID owner = systemOwners.get(systemId);
    if (owner == null) {
      return null;
    }
    Entry e = definitions.get(owner);
    return e != null && systemId.equals(e.systemId()) ? owner : null;
  }

  /** Definitions by kind and phase, for the {@code hcs_definitions} gauge. */
  public long count(Kind kind, Phase phase) {
    long n = 0;
    for (Entry e : definitions.values()) {
      if (e.kind() == kind && e.phase() == phase) {
        n++;
      }
    }
    return n;
  }

  /** Phase counts in one pass over the map. */
  public Map<Kind, Map<Phase, Long>> counts() {
    Map<Kind, Map<Phase, Long>> out = new EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) {
      Map<Phase, Long> m = new EnumMap<>(Phase.class);
      for (Phase p : Phase.values()) {
        m.put(p, 0L);
      }
      out.put(k, m);
    }
    for (Entry e : definitions.values()) {
      out.get(e.kind()).merge(e.phase(), 1L, Long::sum);
    }
    return out;
  }

  /** What the sweep saw: every system of our owner on the host, by id. */
  void systemStates(Map<String, SystemState> byId) {
    systemStates.keySet().retainAll(byId.keySet());
    // written only where it changed: an unchanged host costs look-ups, no writes to the map
    byId.forEach(
        (id, state) -> {
          if (systemStates.get(id) != state) {
            systemStates.put(id, state);
          }
        });
  }

  /**
   * One system's state as a pass saw or made it, between sweeps; null (or Stopped) when it is gone.
   */
  void systemState(String systemId, SystemState state) {
    if (state == null || state == SystemState.Stopped) {
      systemStates.remove(systemId);
    } else if (systemStates.get(systemId) != state) {
      systemStates.put(systemId, state);
    }
  }

  /**
   * Our systems on the host by state name: as the last sweep saw them, updated by every pass that
   * observes or changes one of them since.
   */
  public Map<String, Long> systemStates() {
    Map<String, Long> out = new HashMap<>();
    systemStates.values().forEach(s -> out.merge(s.name(), 1L, Long::sum));
    return out;
  }

  boolean claimsLoaded() {
    return claimsLoaded;
  }

  void claimsLoaded(boolean loaded) {
    this.claimsLoaded = loaded;
  }

  /** When the last full resync was queued; null before the first. */
  public Instant lastResync() {
    return lastResync;
  }

  void lastResync(Instant at) {
    this.lastResync = at;
  }

  int size() {
    return definitions.size();
  }
}
