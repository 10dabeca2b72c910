package dev.hcsorchestrator.host.hcs.schema;

/** {@code HvSocketServiceConfig}. */
public record HvSocketServiceConfig(
    String bindSecurityDescriptor, String connectSecurityDescriptor, Boolean allowWildcardBinds) {}
