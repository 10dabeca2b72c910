package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.host.ComputeHost;
import dev.hcsorchestrator.host.ObservedSystem;
import dev.hcsorchestrator.host.SystemState;
import java.util.Optional;

/** What a pass sees of the current incarnation's system on the host, and its HCS document. */
final class Observer {

  private final PassTools tools;

  Observer(PassTools tools) {
    this.tools = tools;
  }

  /**
   * The current incarnation's system: the resync's enumeration if it still holds and the system is
   * watched, the host otherwise. A stopped system is released (it is gone as far as a pass cares);
   * one stored but never confirmed started is adopted.
   */
  Optional<ObservedSystem> observe(StatusDraft s) {
    String sysId = s.currentId();
    if (sysId == null) {
      return Optional.empty();
    }
    ComputeHost host = tools.host();
    Inventory inventory = tools.inventory();
    Optional<ObservedSystem> observed = inventory.snapshot().lookup(s.id, sysId);
    if (observed.isEmpty() || !host.watched(sysId)) {
      observed = host.inspect(sysId);
    }
    if (observed.isPresent() && observed.get().state() == SystemState.Stopped) {
      host.release(sysId);
      observed = Optional.empty();
    }
    inventory.systemState(sysId, observed.map(ObservedSystem::state).orElse(null));
    if (observed.isEmpty()) {
      return observed;
    }
    ObservedSystem sys = observed.get();
    boolean firstSight = inventory.firstSight(sysId);
    if (s.startedIncarnation < s.incarnation) {
      // we stored this incarnation and crashed before recording that it started: it is ours
      s.startedIncarnation = s.incarnation;
      s.event(EventType.Adopted, "Adopted compute system " + sys.id() + " found on the host");
      if (s.runningSince == null) {
        s.runningSince = s.now;
      }
      if (sys.state() == SystemState.Created) {
        host.start(sys.id());
        inventory.systemState(sys.id(), SystemState.Running);
        return Optional.of(
            new ObservedSystem(sys.id(), sys.owner(), sys.type(), SystemState.Running));
      }
    } else if (firstSight) {
      // recorded before this process started (a restart of the service): ours, same ids
      s.event(
          EventType.Adopted,
          "Adopted compute system "
              + sysId
              + " found "
              + sys.state()
              + " on the host under the same ids");
    }
    return observed;
  }

  /**
   * The exact HCS document the current incarnation was created with, or the next one will be: a
   * saved VM's next incarnation restores from its state file, and an incarnation restored from one
   * keeps showing it (the memo remembers the file after the file itself is deleted).
   */
  /**
   * The exact HCS document the current incarnation was created with, or the next one will be: a
   * saved VM's next incarnation restores from its state file, and an incarnation restored from one
   * keeps showing it (the bookkeeping remembers the file after the file itself is deleted).
   */
  String document(Definition d) {
    Bookkeeping m = Bookkeeping.of(d.status());
    long stored = d.status().incarnation();
    long inc = Math.max(1, stored);
    String restore = m.restoredFrom();
    if (m.savedStateFile() != null) {
      restore = m.savedStateFile();
      if (stored > 0 && m.startedIncarnation() >= stored) {
        inc = stored + 1; // the saved incarnation is gone; the next one restores
      }
    }
    return tools
        .host()
        .document(tools.specs().build(d, SystemIds.computeSystemId(d.id(), inc), restore));
  }
}
