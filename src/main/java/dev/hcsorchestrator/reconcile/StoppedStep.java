package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.host.ObservedSystem;
import java.util.Optional;

/** Desired state {@code Stopped}: no system on the host. */
final class StoppedStep implements Step {

  private final PassTools tools;
  private final Stopper stopper;

  StoppedStep(PassTools tools, Stopper stopper) {
    this.tools = tools;
    this.stopper = stopper;
  }

  @Override
  public ReconcileResult reconcile(StatusDraft s, Optional<ObservedSystem> observed) {
    s.restartCancelled();
    if (StoppedDecision.decide(observed.isPresent()) == StoppedDecision.Action.Stop) {
      return stopper.stop(s, observed.get(), Phase.Stopping);
    }
    if (s.incarnation() > 0) {
      tools.exits().take(s.currentId());
    }
    s.stoppedAsAsked();
    return ReconcileResult.DONE;
  }
}
