package dev.hcsorchestrator.host.hcs.schema;

/** {@code NetworkAdapter} bound to an HCN endpoint. */
public record NetworkAdapter(String endpointId, String macAddress) {}
