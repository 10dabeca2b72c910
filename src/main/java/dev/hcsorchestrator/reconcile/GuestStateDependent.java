package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.host.HostResources;
import java.util.Map;

/**
 * A VM's guest state file ({@code <storage root>/<id>/guest-state.vmgs}: UEFI variables, boot
 * order, Secure Boot state), a dependent of the definition: made once
 * (HcsCreateEmptyGuestStateFile), referenced by every incarnation's document ({@code
 * GuestState.GuestStateFilePath}), so the firmware state survives restarts and replacements, and
 * deleted with the definition.
 */
final class GuestStateDependent implements Dependents.Dependent<String> {

  static final String GUEST_STATE = "guestState";

  private final HostResources resources;
  private final SystemSpecs specs;

  GuestStateDependent(HostResources resources, SystemSpecs specs) {
    this.resources = resources;
    this.specs = specs;
  }

  @Override
  public String kind() {
    return GUEST_STATE;
  }

  @Override
  public Map<String, String> desired(StatusDraft s) {
    if (s.def.kind() != Kind.VirtualMachine) {
      return Map.of();
    }
    String path = specs.guestStateFile(s.id);
    return Map.of(path, path);
  }

  @Override
  public void ensure(StatusDraft s, String path) {
    resources.ensureGuestStateFile(path);
  }

  @Override
  public void delete(StatusDraft s, String path) {
    resources.deleteFile(path);
  }
}
