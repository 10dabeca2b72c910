package dev.hcsorchestrator.host.hcs.schema;

/**
 * The {@code ComputeSystem} document passed to HcsCreateComputeSystem; exactly one of {@code
 * container} and {@code virtualMachine} is set.
 */
public record ComputeSystem(
    String owner,
    Version schemaVersion,
    String hostingSystemId,
    Container container,
    VirtualMachine virtualMachine,
    Boolean shouldTerminateOnLastHandleClosed) {}
