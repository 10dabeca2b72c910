package dev.hcsorchestrator.definition;

/**
 * What happens to a workload when the host itself shuts down (never when only the service stops):
 * {@code Save} (VMs only, the default for one, as Hyper-V's automatic stop action) pauses it and
 * saves it to a state file the next start restores from; {@code ShutDown} (the default for a
 * container) asks for a graceful shutdown within {@code shutdownTimeoutSeconds}, then terminates;
 * {@code TurnOff} terminates at once.
 */
public enum HostShutdownAction {
  Save,
  ShutDown,
  TurnOff;

  public boolean virtualMachineOnly() {
    return this == Save;
  }

  /** The action a spec that names none gets. */
  public static HostShutdownAction defaultFor(Kind kind) {
    return kind == Kind.VirtualMachine ? Save : ShutDown;
  }
}
