package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.host.ObservedSystem;
import dev.hcsorchestrator.host.SystemState;
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
    s.restartPending = false;
    s.nextRetryAt = null;
    if (observed.isEmpty()) {
      if (s.savedStateFile == null) {
        return stopped.reconcile(s, observed);
      }
      if (s.incarnation > 0) {
        tools.exits().take(s.currentId());
        s.exitHandledIncarnation = s.incarnation;
      }
      if (s.phase != Phase.Saved) {
        s.event(EventType.Saved, "Saved to " + s.savedStateFile);
      }
      s.phase = Phase.Saved;
      s.message = null;
      s.ready(false, "Saved");
      return ReconcileResult.DONE;
    }
    ObservedSystem sys = observed.get();
    if (s.exitRequested) {
      return stopper.stop(s, sys, Phase.Saving);
    }
    if (sys.state() == SystemState.Running) {
      tools.host().pauseToSave(sys.id());
    } else if (sys.state() != SystemState.Paused) {
      return stopper.stop(s, sys, Phase.Stopping);
    }
    String file = tools.specs().stateFile(s.id, s.incarnation);
    s.phase = Phase.Saving;
    tools.resources().ensureStateFile(file);
    grants.grant(s, sys.id(), file); // the worker process writes it
    tools.host().save(sys.id(), file);
    s.savedStateFile = file;
    s.exitRequested = true;
    s.stopRequestedAt = s.now;
    s.writeAhead(); // the state file is recorded before the system that wrote it goes
    tools.host().terminate(sys.id());
    return ReconcileResult.requeueAfter(PassTools.STOP_RECHECK);
  }
}
