package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.host.ObservedSystem;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the periodic resync's one enumeration of the host saw, so that the passes it queues need not
 * ask the host about each system again (informer-style, as controller-runtime's caches).
 *
 * <p>An entry serves a definition's pass only while nothing has touched that definition since the
 * enumeration began: no pass of it ended (a pass may have changed its system) and no host event for
 * it arrived. A system missing from the snapshot proves nothing; the pass asks the host.
 */
final class ObservedSnapshot {

  private record Taken(long tick, Map<String, ObservedSystem> systems) {}

  private static final Taken NONE = new Taken(Long.MIN_VALUE, Map.of());

  private final AtomicLong ticks = new AtomicLong();
  private final Map<UUID, Long> touched = new ConcurrentHashMap<>();
  private volatile Taken taken = NONE;

  /** Call right before enumerating; hand the result to {@link #publish}. */
  long begin() {
    return ticks.incrementAndGet();
  }

  void publish(long tick, List<ObservedSystem> systems) {
    Map<String, ObservedSystem> byId = new HashMap<>(systems.size() * 2);
    systems.forEach(s -> byId.put(s.id(), s));
    taken = new Taken(tick, byId);
  }

  /** The system as enumerated, if that is still the latest word on it for this definition. */
  Optional<ObservedSystem> lookup(UUID definition, String systemId) {
    Taken t = taken;
    ObservedSystem s = t.systems().get(systemId);
    if (s == null) {
      return Optional.empty();
    }
    Long last = touched.get(definition);
    return last == null || last < t.tick() ? Optional.of(s) : Optional.empty();
  }

  /** A pass of this definition ended, or a host event about one of its systems arrived. */
  void touch(UUID definition) {
    touched.put(definition, ticks.incrementAndGet());
  }

  /** The definition is gone. */
  void forget(UUID definition) {
    touched.remove(definition);
  }

  /** Nothing enumerated so far holds any more (the host service went away). */
  void clear() {
    taken = NONE;
  }
}
