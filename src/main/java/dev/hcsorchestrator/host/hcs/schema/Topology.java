package dev.hcsorchestrator.host.hcs.schema;

/** {@code Topology}: memory and processors of a VM. */
public record Topology(VirtualMachineMemory memory, VirtualMachineProcessor processor) {}
