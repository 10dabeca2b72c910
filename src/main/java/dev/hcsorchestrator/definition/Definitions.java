package dev.hcsorchestrator.definition;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The definition module's API. Owner-facing methods (used by {@code web}) validate, store and
 * publish {@link DefinitionChanged}; reconciler-facing methods record status and events only.
 *
 * <p>Owner-facing failures are {@link DefinitionException}s, each naming what a client did wrong.
 */
public interface Definitions {

  // ---- owner side (web) ----

  Definition create(DefinitionSpec spec);

  /** Create or replace; {@code expectedGeneration} is the {@code If-Match} value when given. */
  PutResult<Definition> put(String name, DefinitionSpec spec, Long expectedGeneration);

  Optional<Definition> find(String name);

  DefinitionPage list(DefinitionQuery query);

  /** Marks the definition {@code Deleting}; the reconciler removes it once the host is clean. */
  Definition requestDeletion(String name);

  /** The start, stop, pause, resume and save actions. */
  Definition changeDesiredState(String name, DesiredState desiredState);

  /** Desired state {@code Running}, and clears {@code Failed} and the restart backoff. */
  Definition requestStart(String name);

  /** Desired state {@code Running}, and replaces the compute system once. */
  Definition requestRestart(String name);

  /** Newest first, at most {@code limit}. */
  List<DefinitionEvent> events(String name, int limit);

  List<Network> networks();

  Optional<Network> network(String name);

  PutResult<Network> putNetwork(Network network);

  void deleteNetwork(String name);

  // ---- reconciler side ----

  /** Every stored definition id, deleting ones included. */
  List<UUID> ids();

  Optional<Definition> get(UUID id);

  /** Writes the status alone: never touches the spec, generation or version of the spec row. */
  void updateStatus(UUID id, DefinitionStatus status);

  void recordEvent(
      UUID id, EventType type, String message, String computeSystemId, Long incarnation);

  /**
   * Stores {@code events} (in order, before the status) and then the status; {@code status} may be
   * null to store the events alone. Implementations backed by a database do it in one transaction,
   * so a reconcile pass costs one commit instead of one per event plus one for the status.
   */
  default void updateStatus(UUID id, DefinitionStatus status, List<NewEvent> events) {
    for (NewEvent e : events) {
      recordEvent(id, e.type(), e.message(), e.computeSystemId(), e.incarnation());
    }
    if (status != null) {
      updateStatus(id, status);
    }
  }

  /** The finalizer is done: remove the row, its status and its events. */
  void remove(UUID id);

  /** Whether the definition is {@code created} (201) or {@code replaced} (200). */
  record PutResult<T>(T value, boolean created) {}
}
