package dev.hcsorchestrator.definition;

import java.util.Map;

/**
 * What an owner submits: every field of API.md's definition resource. Optional fields may be null
 * on input; {@link Definitions} stores them with defaults applied.
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
    ContainerSpec container) {}
