package dev.hcsorchestrator.definition;

import java.time.Instant;
import java.util.UUID;

/**
 * An immutable snapshot of one stored definition: its spec (defaults applied), its status, and the
 * counters that actions bump so the reconciler can act on them level-triggered.
 *
 * @param id stable identity, the key of the work queue and the seed of compute system ids
 * @param generation grows with every spec or desired-state change
 * @param deleting deletion was requested; the reconciler tears down, then removes the row
 * @param startRequests bumped by the start action: clears {@code Failed} and the restart backoff
 * @param restartRequests bumped by the restart action: replace the compute system once
 */
public record Definition(
    UUID id,
    long generation,
    Instant createdAt,
    Instant updatedAt,
    boolean deleting,
    long startRequests,
    long restartRequests,
    DefinitionSpec spec,
    DefinitionStatus status) {

  public String name() {
    return spec.name();
  }

  public Kind kind() {
    return spec.kind();
  }

  /** The same definition with another status. */
  public Definition withStatus(DefinitionStatus newStatus) {
    return new Definition(
        id,
        generation,
        createdAt,
        updatedAt,
        deleting,
        startRequests,
        restartRequests,
        spec,
        newStatus);
  }
}
