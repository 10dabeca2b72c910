package dev.hcsorchestrator.definition;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The definition module's API for the fleet's scheduler: which definitions wait for a host, what
 * each host has been given, and the assignment itself, which the database decides (a conditional
 * update of a row without a host), so a definition is assigned once however many hosts schedule at
 * the same time. Writes run in the caller's transaction when there is one.
 */
public interface DefinitionPlacements {

  /**
   * A definition without a host.
   *
   * @param processors what it asks for (0 when a container leaves it to the host)
   * @param memoryMb what it asks for (0 when a container leaves it to the host)
   * @param placement null: any host
   * @param message the status message it shows now
   * @param started a host acted on it already: stored by a release from before hosts were assigned,
   *     when the database had one host, so its compute system may run on that host now
   */
  record Unplaced(
      UUID id,
      String name,
      int processors,
      long memoryMb,
      PlacementSpec placement,
      boolean deleting,
      String message,
      boolean started) {

    public Unplaced(
        UUID id,
        String name,
        int processors,
        long memoryMb,
        PlacementSpec placement,
        boolean deleting,
        String message) {
      this(id, name, processors, memoryMb, placement, deleting, message, false);
    }
  }

  /** What is assigned to one host: the sums of what its definitions reserved, and their number. */
  record Allocation(long processors, long memoryMb, int definitions) {
    public static final Allocation NONE = new Allocation(0, 0, 0);
  }

  /** Every definition without a host, by name. */
  List<Unplaced> unassigned();

  /** Per host name, what is assigned to it. */
  Map<String, Allocation> allocations();

  /** What is assigned to one host (read under its row lock before assigning to it). */
  Allocation allocation(String host);

  /**
   * Assigns {@code id} to {@code host} reserving {@code processors} and {@code memoryMb}, unless it
   * has a host already: true when this call assigned it. Records event {@code Scheduled}.
   */
  boolean assign(UUID id, String host, int processors, long memoryMb);

  /** A definition no host can take shows why in its status message (phase Pending). */
  void unschedulable(UUID id, String message);

  /**
   * The ids assigned to {@code host}, as the database has them now, each with the version of its
   * spec row, which grows with every owner's change (spec, desired state, actions, deletion).
   */
  Map<UUID, Long> assignedTo(String host);

  /**
   * Of the definitions assigned to {@code hosts}, those with {@code failover: true}, each with its
   * host.
   */
  Map<UUID, String> failoverAssignedTo(java.util.Collection<String> hosts);

  /**
   * Takes {@code id} away from {@code host} (no host, nothing reserved), unless it is no longer
   * assigned there: true when this call released it. Records {@code event} with {@code message};
   * any host's scheduler then assigns it again.
   */
  boolean release(UUID id, String host, EventType event, String message);

  /** Records an event of a definition without changing it (the fleet's Fenced). */
  void record(UUID id, EventType event, String message);

  /**
   * Another host may have changed this definition's rows: drop what this service holds of it and
   * tell its reconciler.
   */
  void refresh(UUID id);
}
