package dev.hcsorchestrator.host.hcs.schema;

import java.util.Map;

/** {@code Devices} of a VM; map keys are controller / adapter names. */
public record Devices(
    Map<String, Scsi> scsi,
    Map<String, NetworkAdapter> networkAdapters,
    VirtualMachineHvSocket hvSocket) {}
