package dev.hcsorchestrator.definition;

import java.util.Map;

/**
 * What an owner submits: every field of the definition resource (README.md). Optional fields may be
 * null on input; {@link Definitions} stores them with defaults applied.
 */
public record DefinitionSpec(
    String name,
    Kind kind,
    DesiredState desiredState,
    RestartPolicy restartPolicy,
    Integer maxRestarts,
    Integer shutdownTimeoutSeconds,
    Map<String, String> labels,
    VirtualMachineSpec virtualMachine,
    ContainerSpec container) {

  /** The same spec with another name. */
  public DefinitionSpec withName(String newName) {
    return new DefinitionSpec(
        newName,
        kind,
        desiredState,
        restartPolicy,
        maxRestarts,
        shutdownTimeoutSeconds,
        labels,
        virtualMachine,
        container);
  }

  /** The same spec with another desired state. */
  public DefinitionSpec withDesiredState(DesiredState newState) {
    return new DefinitionSpec(
        name,
        kind,
        newState,
        restartPolicy,
        maxRestarts,
        shutdownTimeoutSeconds,
        labels,
        virtualMachine,
        container);
  }
}
