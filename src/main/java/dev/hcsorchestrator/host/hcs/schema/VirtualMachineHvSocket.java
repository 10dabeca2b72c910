package dev.hcsorchestrator.host.hcs.schema;

/** {@code VirtualMachine_HvSocket}. */
public record VirtualMachineHvSocket(HvSocketSystemConfig hvSocketConfig) {}
