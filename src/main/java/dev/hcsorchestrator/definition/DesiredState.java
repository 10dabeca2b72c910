package dev.hcsorchestrator.definition;

/** The state an owner asked for. {@code Paused} and {@code Saved} apply to VMs only. */
public enum DesiredState {
  Running,
  Stopped,
  Paused,
  Saved;

  public boolean virtualMachineOnly() {
    return this == Paused || this == Saved;
  }
}
