package dev.hcsorchestrator.host.hcs.schema;

/** HCN {@code IpConfig} of an endpoint: the address and its prefix length. */
public record HcnIpConfiguration(String ipAddress, Integer prefixLength) {}
