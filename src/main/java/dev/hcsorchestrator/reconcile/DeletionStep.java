package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.host.ObservedSystem;
import dev.hcsorchestrator.host.SystemState;
import java.util.Optional;

/**
 * The finalizer of a definition marked for deletion: stop its system, remove what the service made
 * for it, then the row itself.
 */
final class DeletionStep {

  private final PassTools tools;
  private final Stopper stopper;
  private final Provisioner provisioner;

  DeletionStep(PassTools tools, Stopper stopper, Provisioner provisioner) {
    this.tools = tools;
    this.stopper = stopper;
    this.provisioner = provisioner;
  }

  ReconcileResult reconcile(StatusDraft s) {
    s.deleting();
    String sysId = s.currentId();
    Optional<ObservedSystem> observed =
        sysId == null ? Optional.empty() : tools.host().inspect(sysId);
    if (observed.isPresent() && observed.get().state() != SystemState.Stopped) {
      return stopper.stop(s, observed.get(), Phase.Deleting);
    }
    if (sysId != null) {
      tools.exits().take(sysId);
    }
    new Grants(tools).revokeAllBut(s, null); // owner-named files stay: their entries must not
    provisioner.deprovision(s);
    if (s.life().restoreFile() != null) {
      tools.resources().deleteFile(s.life().restoreFile());
    }
    // the definition's own folder, now that its files are gone (left alone if not empty)
    tools.resources().deleteEmptyDirectory(tools.specs().folder(s.id).toString());
    tools.definitions().remove(s.id);
    tools.inventory().forget(s.id);
    s.removed();
    return ReconcileResult.DONE;
  }
}
