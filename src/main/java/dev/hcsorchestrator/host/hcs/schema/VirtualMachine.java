package dev.hcsorchestrator.host.hcs.schema;

/**
 * {@code VirtualMachine}: the VM part of a ComputeSystem document; {@code services} exists from
 * schema 2.5 on and stays null in a 2.1 document.
 */
public record VirtualMachine(
    Boolean stopOnReset,
    Chipset chipset,
    Topology computeTopology,
    Devices devices,
    Services services,
    GuestState guestState,
    RestoreState restoreState) {}
