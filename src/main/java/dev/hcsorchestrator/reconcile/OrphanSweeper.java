package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.host.HostException;
import dev.hcsorchestrator.host.ObservedSystem;
import dev.hcsorchestrator.host.SystemState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Terminates systems with our owner that no definition claims; systems of other owners are never
 * touched. Also refreshes the per-state counts of our systems.
 */
final class OrphanSweeper {

  private static final System.Logger LOG = System.getLogger(OrphanSweeper.class.getName());

  private final PassTools tools;

  OrphanSweeper(PassTools tools) {
    this.tools = tools;
  }

  /**
   * One sweep over an enumeration just taken; the caller runs one sweep at a time. {@code stored}:
   * the ids the store showed this host, read after the enumeration (null if it could not be read:
   * each definition is read instead).
   */
  void sweep(List<ObservedSystem> enumerated, Set<UUID> stored) {
    Inventory inventory = tools.inventory();
    String ours = tools.settings().owner();
    boolean claimsLoaded = inventory.claimsLoaded();
    Map<String, SystemState> states = new HashMap<>();
    for (ObservedSystem s : enumerated) {
      if (!ours.equals(s.owner())) {
        continue;
      }
      if (s.state() != SystemState.Stopped) {
        states.put(s.id(), s.state());
      }
      if (!claimsLoaded) {
        continue;
      }
      UUID mine = inventory.currentOwner(s.id());
      if (mine != null && stored != null && stored.contains(mine)) {
        continue; // its definition's current system, and this host's to run: nothing to read
      }
      Optional<UUID> owner = inventory.ownerOf(s.id());
      Optional<Definition> d = owner.flatMap(tools.definitions()::get);
      // a current system whose definition this host no longer sees (the fleet fenced the host, or
      // moved the definition away) is an orphan too
      if (inventory.isCurrent(s.id()) && d.isPresent()) {
        continue;
      }
      if (d.isPresent()) {
        Definition def = d.get();
        String current = Reconciler.currentId(def);
        if (s.id().equals(current)) {
          inventory.record(def.id(), def.kind(), def.status().phase(), current);
          continue;
        }
        long inc = def.status().incarnation();
        if (Bookkeeping.of(def.status()).exitRequested()
            && inc > 1
            && s.id().equals(SystemIds.computeSystemId(def.id(), inc - 1))) {
          continue; // being replaced right now; its own pass stops it
        }
        removeOrphan(s);
        tools
            .definitions()
            .recordEvent(
                def.id(),
                EventType.OrphanRemoved,
                "Terminated compute system " + s.id() + " of an older incarnation",
                s.id(),
                null);
        inventory.forgetSystem(s.id());
      } else {
        removeOrphan(s);
        LOG.log(
            System.Logger.Level.WARNING,
            "Terminated orphan compute system {0} ({1}): no definition claims it",
            s.id(),
            s.type());
      }
      tools.metrics().drift(s.type().name(), "orphan");
    }
    inventory.systemStates(states);
  }

  private void removeOrphan(ObservedSystem s) {
    try {
      tools.host().terminate(s.id());
    } catch (HostException.NotFound | HostException.InvalidState e) {
      // already stopping or gone: the goal is reached
    }
  }
}
