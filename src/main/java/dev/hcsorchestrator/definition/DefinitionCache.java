package dev.hcsorchestrator.definition;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * The last committed state of each definition as the reconciler read it, so that a pass over an
 * unchanged definition costs no transaction, query or JSON parse. Another host's writes evict their
 * entries here through {@link ChangeListener} (on PostgreSQL; on H2 this service is the one
 * writer).
 *
 * <p>Every write evicts after its commit, except the reconciler's status write, which puts the
 * status it committed into the cached definition if nothing else touched that entry meanwhile. A
 * read stores what it loaded only if no eviction came between its start and its end: each eviction
 * leaves a new stamp behind (a tombstone, never removed), so a read that began before a commit
 * cannot put back the state that commit replaced.
 */
final class DefinitionCache {

  private record Slot(long stamp, Definition value) {}

  private final ConcurrentHashMap<UUID, Slot> slots = new ConcurrentHashMap<>();
  private final AtomicLong stamps = new AtomicLong();

  /** The cached definition, or null. */
  Definition get(UUID id) {
    Slot s = slots.get(id);
    return s == null ? null : s.value();
  }

  /** Taken before a read from the database; hand it to {@link #put}. */
  long stamp(UUID id) {
    Slot s = slots.get(id);
    return s == null ? 0 : s.stamp();
  }

  /**
   * Stores what a read loaded, unless an eviction or another read's value came after its {@link
   * #stamp}.
   */
  void put(UUID id, long stamp, Definition value) {
    slots.compute(
        id,
        (k, cur) ->
            cur == null
                ? (stamp == 0 ? new Slot(stamp, value) : null)
                : cur.stamp() == stamp && cur.value() == null ? new Slot(stamp, value) : cur);
  }

  /** Evicts every entry (what another host wrote while nobody listened is unknown). */
  void clear() {
    slots.keySet().forEach(this::evict);
  }

  void evict(UUID id) {
    slots.put(id, new Slot(stamps.incrementAndGet(), null));
  }

  /** What the cache holds for this id now, to hand to {@link #replace} after a commit. */
  Object mark(UUID id) {
    return slots.get(id);
  }

  /**
   * After a commit that changed only what {@code change} applies: keeps the cached definition
   * current if nothing touched it since {@code mark}, and evicts it otherwise.
   */
  void replace(UUID id, Object mark, UnaryOperator<Definition> change) {
    slots.compute(
        id,
        (k, cur) ->
            cur != null && cur == mark && cur.value() != null
                ? new Slot(stamps.incrementAndGet(), change.apply(cur.value()))
                : new Slot(stamps.incrementAndGet(), null));
  }
}
