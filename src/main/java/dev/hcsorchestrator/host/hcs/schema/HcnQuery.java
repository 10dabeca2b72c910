package dev.hcsorchestrator.host.hcs.schema;

/** HCN {@code HostComputeQuery}: {@code filter} is a JSON object encoded as a string. */
public record HcnQuery(Version schemaVersion, Integer flags, String filter) {}
