package dev.hcsorchestrator.definition;

import java.time.Instant;
import java.util.List;

/**
 * What the reconciler last recorded. Everything but {@code memo} is the public {@code status}
 * object of the REST API (README.md). Written separately from the spec, so neither overwrites the
 * other.
 */
public record DefinitionStatus(
    Phase phase,
    long observedGeneration,
    String computeSystemId,
    long incarnation,
    int restartCount,
    LastExit lastExit,
    Instant nextRetryAt,
    String message,
    List<Condition> conditions,
    ReconcileMemo memo) {

  /** The status of a definition no reconciler has acted on yet. */
  public static DefinitionStatus pending() {
    return new DefinitionStatus(
        Phase.Pending, 0, null, 0, 0, null, null, null, List.of(), ReconcileMemo.EMPTY);
  }
}
