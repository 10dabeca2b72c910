package dev.hcsorchestrator.host.hcs.schema;

/** {@code VirtualMachine_Processor}. */
public record VirtualMachineProcessor(Integer count, Long limit, Long weight) {}
