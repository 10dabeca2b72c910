package dev.hcsorchestrator.definition;

import java.util.List;

/** The VM part of a definition. */
public record VirtualMachineSpec(
    Integer processors,
    Long memoryMB,
    List<DiskSpec> disks,
    List<NetworkAdapterSpec> networkAdapters,
    List<HvSocketSpec> hvSockets) {}
