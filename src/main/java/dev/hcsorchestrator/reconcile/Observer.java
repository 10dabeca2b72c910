package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Definition;
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
   * watched, the host otherwise. A stopped system counts as gone (the host layer lets go of it).
   */
  Optional<ObservedSystem> observe(StatusDraft s) {
    String sysId = s.currentId();
    if (sysId == null) {
      return Optional.empty();
    }
    ComputeHost host = tools.host();
    Optional<ObservedSystem> observed = tools.inventory().snapshot().lookup(s.id, sysId);
    if (observed.isEmpty() || !host.watched(sysId)) {
      observed = host.inspect(sysId);
    }
    observed = observed.filter(o -> o.state() != SystemState.Stopped);
    tools.inventory().systemState(sysId, observed.map(ObservedSystem::state).orElse(null));
    return observed;
  }

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
      if (stored > 0 && !(m.life() instanceof IncarnationState.Planned)) {
        inc = stored + 1; // the saved incarnation is gone; the next one restores
      }
    }
    return tools
        .host()
        .document(tools.specs().build(d, SystemIds.computeSystemId(d.id(), inc), restore));
  }
}
