package dev.hcsorchestrator.host.hcs.schema;

/** {@code VirtualMachine_Memory}. */
public record VirtualMachineMemory(Long sizeInMB, Boolean allowOvercommit) {}
