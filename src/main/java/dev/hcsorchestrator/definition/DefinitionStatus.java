package dev.hcsorchestrator.definition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;

/**
 * What the reconciler last recorded. Everything but {@code memo} is the public {@code status}
 * object of the REST API (README.md). Written separately from the spec, so neither overwrites the
 * other.
 *
 * @param memo the reconciler's own bookkeeping: an opaque document this module stores beside the
 *     status (its own column) and never interprets; null before the reconciler wrote one
 * @param host the fleet host the definition is assigned to, null while unassigned: its own column,
 *     which only the fleet's scheduler writes (a status write never changes it)
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
    @JsonIgnore String memo,
    @JsonIgnore String host) {

  /** A status as the reconciler writes it: the host assignment is not its to set. */
  public DefinitionStatus(
      Phase phase,
      long observedGeneration,
      String computeSystemId,
      long incarnation,
      int restartCount,
      LastExit lastExit,
      Instant nextRetryAt,
      String message,
      List<Condition> conditions,
      String memo) {
    this(
        phase,
        observedGeneration,
        computeSystemId,
        incarnation,
        restartCount,
        lastExit,
        nextRetryAt,
        message,
        conditions,
        memo,
        null);
  }

  /** The status of a definition no reconciler has acted on yet. */
  public static DefinitionStatus pending() {
    return new DefinitionStatus(Phase.Pending, 0, null, 0, 0, null, null, null, List.of(), null);
  }

  /** This status with another host assignment. */
  public DefinitionStatus withHost(String newHost) {
    return new DefinitionStatus(
        phase,
        observedGeneration,
        computeSystemId,
        incarnation,
        restartCount,
        lastExit,
        nextRetryAt,
        message,
        conditions,
        memo,
        newHost);
  }

  /** This status with another memo document. */
  public DefinitionStatus withMemo(String memo) {
    return new DefinitionStatus(
        phase,
        observedGeneration,
        computeSystemId,
        incarnation,
        restartCount,
        lastExit,
        nextRetryAt,
        message,
        conditions,
        memo,
        host);
  }
}
