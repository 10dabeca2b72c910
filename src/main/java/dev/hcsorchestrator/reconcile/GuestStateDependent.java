package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.host.HostResources;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * Before an incarnation whose generation was provisioned by a version that made no guest state
   * file: records it (the caller writes ahead) so that it is deleted with the definition; returns
   * whether the record grew.
   */
  static boolean recordIfMissing(StatusDraft s, String path) {
    if (s.made == null) {
      return false;
    }
    List<String> had = s.made.getOrDefault(GUEST_STATE, List.of());
    if (had.contains(path)) {
      return false;
    }
    List<String> now = new ArrayList<>(had);
    now.add(path);
    s.made.put(GUEST_STATE, now.stream().sorted().toList());
    return true;
  }
}
