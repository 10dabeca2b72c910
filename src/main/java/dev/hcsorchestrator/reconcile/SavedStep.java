package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.host.ObservedSystem;
import java.util.Optional;

/**
 * Desired state {@code Saved}: the system paused, saved to a state file and terminated; the next
 * incarnation restores from the file.
 */
final class SavedStep implements Step {

  private final PassTools tools;
  private final Stopper stopper;
  private final StoppedStep stopped;
  private final Grants grants;

  SavedStep(PassTools tools, Stopper stopper, StoppedStep stopped) {
    this.tools = tools;
    this.grants = new Grants(tools);
    this.stopper = stopper;
    this.stopped = stopped;
  }

  @Override
  public ReconcileResult reconcile(StatusDraft s, Optional<ObservedSystem> observed) {
    s.restartCancelled();
    SavedDecision.Action action =
        SavedDecision.decide(
            observed.map(ObservedSystem::state).orElse(null),
            s.life().stopping() != null,
            s.life().restoreFile() != null);
    return switch (action) {
      case AsStopped -> stopped.reconcile(s, observed);
      case Settle -> savedAsAsked(s);
      case FinishStop -> stopper.stop(s, observed.get(), Phase.Saving);
      case Stop -> stopper.stop(s, observed.get(), Phase.Stopping);
      case PauseAndSave, Save ->
          save(s, observed.get(), action == SavedDecision.Action.PauseAndSave);
    };
  }

  private ReconcileResult savedAsAsked(StatusDraft s) {
    if (s.incarnation() > 0) {
      tools.exits().take(s.currentId());
    }
    s.savedAsAsked();
    return ReconcileResult.DONE;
  }

  private ReconcileResult save(StatusDraft s, ObservedSystem sys, boolean pauseFirst) {
    if (pauseFirst) {
      tools.host().pauseToSave(sys.id());
    }
    String file = tools.specs().stateFile(s.id, s.incarnation());
    s.saving();
    tools.resources().ensureStateFile(file);
    grants.grant(s, sys.id(), file); // the worker process writes it
    tools.host().save(sys.id(), file);
    s.savedTo(file);
    s.writeAhead(); // the state file is recorded before the system that wrote it goes
    tools.host().terminate(sys.id());
    return ReconcileResult.requeueAfter(PassTools.STOP_RECHECK);
  }
}
