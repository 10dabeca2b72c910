package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.Phase;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
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
  private final Map<String, Long> systemStates = new ConcurrentHashMap<>();
  private volatile boolean claimsLoaded;
  private volatile Instant lastResync;

  void record(UUID id, Kind kind, Phase phase, String systemId) {
    definitions.put(id, new Entry(kind, phase, systemId));
    if (systemId != null) {
      systemOwners.put(systemId, id);
    }
  }

  /** A system id of this definition (any incarnation), before it is created on the host. */
  void claim(UUID id, String systemId) {
    systemOwners.put(systemId, id);
  }

  void forgetSystem(String systemId) {
    systemOwners.remove(systemId);
  }

  void forget(UUID id) {
    Entry e = definitions.remove(id);
    systemOwners.values().removeIf(id::equals);
    if (e != null && e.systemId() != null) {
      systemOwners.remove(e.systemId());
    }
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
    UUID owner = systemOwners.get(systemId);
    if (owner == null) {
      return false;
    }
    Entry e = definitions.get(owner);
    return e != null && systemId.equals(e.systemId());
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

  void systemStates(Map<String, Long> byState) {
    systemStates.keySet().retainAll(byState.keySet());
    systemStates.putAll(byState);
  }

  /** Our systems on the host by state, as the last sweep saw them. */
  public Map<String, Long> systemStates() {
    return Map.copyOf(systemStates);
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
