package dev.hcsorchestrator.definition;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The definition module's API for the reconciler: reads of the stored definitions and the writes of
 * what the reconciler observed (status and events) and of the finalizer (removal). It never changes
 * a spec and never publishes {@link DefinitionChanged}; the owner's side is {@link Definitions}.
 */
public interface DefinitionStore {

  /** Every stored definition id, deleting ones included. */
  List<UUID> ids();

  /**
   * Every definition id stored in the database now, whichever host of the fleet it is assigned to,
   * read from the database rather than any cache: what may be swept from storage every host shares.
   */
  default List<UUID> storedIds() {
    return ids();
  }

  /** The last committed definition (served from memory when this service wrote it last). */
  Optional<Definition> get(UUID id);

  /** By name, for the read-only queries that the web asks by name. */
  Optional<Definition> find(String name);

  /** Every declared network. */
  List<Network> networks();

  /** A declared network, which a definition's adapters name. */
  Optional<Network> network(String name);

  /** Every network some stored definition names, on any host of the fleet. */
  Set<String> networksInUse();

  /**
   * Records what this host finds of a declared network: made with its declared settings ({@code
   * Ready}) or impossible to make here ({@code Failed}, {@code message} saying why); shown on the
   * network. Null {@code state}: this host neither holds it nor needs it (its report goes).
   */
  void reportNetwork(String network, NetworkOnHost.State state, String message);

  /** What this host last reported of each network. */
  List<NetworkOnHost> networkReports();

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

  /**
   * {@link #updateStatus(UUID, DefinitionStatus, List)}, the status only while the definition is
   * still assigned to fleet host {@code host}: a host that lost it while its pass ran (released by
   * a drain, taken over after a failover) never overwrites what the new host writes, and its cached
   * copy is dropped instead.
   */
  default void updateStatusAssigned(
      UUID id, DefinitionStatus status, List<NewEvent> events, String host) {
    updateStatus(id, status, events);
  }

  /** The finalizer is done: remove the row, its status and its events. */
  void remove(UUID id);
}
