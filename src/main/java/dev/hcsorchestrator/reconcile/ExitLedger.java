package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.ExitType;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How each system ended, as the host's events said. A system is gone once it stopped, so the exit
 * type exists only in its event; the reconciler reads it here. The first exit of a system wins: a
 * container whose workload ended is then terminated, and that forced exit must not hide why.
 */
public final class ExitLedger {

  /** One observed exit. */
  public record Exit(ExitType type, Integer exitCode, Instant at) {}

  private final Map<String, Exit> exits = new ConcurrentHashMap<>();

  public void record(String systemId, Exit exit) {
    exits.putIfAbsent(systemId, exit);
  }

  Optional<Exit> peek(String systemId) {
    return Optional.ofNullable(exits.get(systemId));
  }

  Optional<Exit> take(String systemId) {
    return Optional.ofNullable(exits.remove(systemId));
  }
}
