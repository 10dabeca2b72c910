package dev.hcsorchestrator.definition;

/**
 * The actions an owner takes on a definition ({@code POST /api/v1/definitions/{name}/<action>}),
 * the desired state each asks for, and which kinds each applies to.
 */
public enum OwnerAction {
  /** Running, and clears {@code Failed} and the restart backoff. */
  Start(DesiredState.Running),
  Stop(DesiredState.Stopped),
  /** Running, and replaces the compute system once. */
  Restart(DesiredState.Running),
  Pause(DesiredState.Paused),
  Resume(DesiredState.Running),
  Save(DesiredState.Saved);

  private final DesiredState desiredState;

  OwnerAction(DesiredState desiredState) {
    this.desiredState = desiredState;
  }

  public DesiredState desiredState() {
    return desiredState;
  }

  /**
   * Pause, resume and save act on a VM's memory: a container has none to keep, so for a container
   * they are a conflict (409). The one place this rule is stated.
   */
  public boolean virtualMachineOnly() {
    return this == Pause || this == Resume || this == Save;
  }

  /** As the action appears in the path: {@code pause}. */
  public String pathName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
