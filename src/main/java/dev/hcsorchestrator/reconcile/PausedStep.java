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
    if (observed.isEmpty() || s.life().stopping() != null) {
      ReconcileResult r = running.reconcile(s, observed);
      return s.phase() == Phase.Running ? ReconcileResult.requeueAfter(Duration.ZERO) : r;
    }
    ObservedSystem sys = observed.get();
    if (sys.state() == SystemState.Running) {
      tools.host().pause(sys.id());
      tools.inventory().systemState(sys.id(), SystemState.Paused);
      s.event(EventType.Paused, "Paused compute system " + sys.id());
    } else if (sys.state() == SystemState.Created) {
      tools.host().start(sys.id());
      tools.inventory().systemState(sys.id(), SystemState.Running);
      return ReconcileResult.requeueAfter(Duration.ZERO);
    }
    s.paused();
    return ReconcileResult.DONE;
  }
}
