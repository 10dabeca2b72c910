package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.host.ObservedSystem;
import dev.hcsorchestrator.host.SystemState;
import java.time.Duration;
import java.util.Optional;

/** Desired state {@code Paused}: a running system first, then paused. */
final class PausedStep implements Step {

  private final PassTools tools;
  private final RunningStep running;

  PausedStep(PassTools tools, RunningStep running) {
    this.tools = tools;
    this.running = running;
  }

  @Override
  public ReconcileResult reconcile(StatusDraft s, Optional<ObservedSystem> observed) {
    PausedDecision.Action action =
        PausedDecision.decide(
            observed.map(ObservedSystem::state).orElse(null), s.life().stopping() != null);
    switch (action) {
      case RunFirst -> {
        ReconcileResult r = running.reconcile(s, observed);
        return s.phase() == Phase.Running ? ReconcileResult.requeueAfter(Duration.ZERO) : r;
      }
      case Start -> {
        tools.host().start(observed.get().id());
        tools.inventory().systemState(observed.get().id(), SystemState.Running);
        return ReconcileResult.requeueAfter(Duration.ZERO);
      }
      case Pause -> {
        String id = observed.get().id();
        tools.host().pause(id);
        tools.inventory().systemState(id, SystemState.Paused);
        s.event(EventType.Paused, "Paused compute system " + id);
      }
      case Settle -> {}
    }
    s.paused();
    return ReconcileResult.DONE;
  }
}
