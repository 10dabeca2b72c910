package dev.hcsorchestrator.fleet;

import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DefinitionPlacements;
import dev.hcsorchestrator.definition.DefinitionStore;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.Phase;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * This host's side of a drain: while its row says draining, its failover definitions move away at
 * most {@code hcs.reconcile.max-concurrent-starts} at a time. Each is first shown to this host's
 * reconciler as desired {@code Stopped} (stopped gracefully here, within its shutdown timeout),
 * then released with event {@code Drained}; another host's scheduler places and starts it. Only the
 * fleet thread calls it.
 */
final class FleetDrain {

  private final String self;
  private final DefinitionPlacements placements;
  private final DefinitionStore all;
  private final AssignedDefinitions view;
  private final int maxMoving;
  private final Set<UUID> moving = new LinkedHashSet<>();

  FleetDrain(
      String self,
      DefinitionPlacements placements,
      DefinitionStore all,
      AssignedDefinitions view,
      int maxMoving) {
    this.self = self;
    this.placements = placements;
    this.all = all;
    this.view = view;
    this.maxMoving = Math.max(1, maxMoving);
  }

  /** One step; {@code draining} is what this host's row says now. */
  void step(boolean draining) {
    if (!draining) {
      if (!moving.isEmpty()) {
        // uncordoned mid-drain: what was stopping runs again here
        Set<UUID> was = Set.copyOf(moving);
        moving.clear();
        view.stopping(moving);
        was.forEach(placements::refresh);
      }
      return;
    }
    Map<UUID, String> failover = placements.failoverAssignedTo(List.of(self));
    for (UUID id : Set.copyOf(moving)) {
      Definition d = all.get(id).orElse(null);
      if (!failover.containsKey(id) || d == null) {
        moving.remove(id);
      } else if (stoppedHere(d)) {
        placements.release(
            id,
            self,
            EventType.Drained,
            "host " + self + " is draining: stopped there, released to another host");
        moving.remove(id);
      }
    }
    Set<UUID> added = new LinkedHashSet<>();
    for (UUID id : failover.keySet()) {
      if (moving.size() >= maxMoving) {
        break;
      }
      if (!moving.contains(id) && movable(id) && moving.add(id)) {
        added.add(id);
      }
    }
    view.stopping(moving);
    // a pass for each, which now reads it as desired Stopped
    added.forEach(placements::refresh);
  }

  /** Not one placed on this host by name: it could run nowhere else, so it stays (Fleet.drain). */
  private boolean movable(UUID id) {
    return all.get(id)
        .map(d -> d.spec().placement() == null || !self.equals(d.spec().placement().host()))
        .orElse(false);
  }

  private static boolean stoppedHere(Definition d) {
    Phase p = d.status().phase();
    return p == Phase.Stopped || p == Phase.Failed || p == Phase.Pending;
  }
}
