package dev.hcsorchestrator.host.hcs.schema;

/** {@code VirtualMachine}: the VM part of a ComputeSystem document. */
public record VirtualMachine(
    Boolean stopOnReset,
    Chipset chipset,
    Topology computeTopology,
    Devices devices,
    GuestState guestState,
    RestoreState restoreState) {}
