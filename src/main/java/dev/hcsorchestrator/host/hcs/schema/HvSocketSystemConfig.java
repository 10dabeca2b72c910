package dev.hcsorchestrator.host.hcs.schema;

import java.util.Map;

/**
 * {@code HvSocketSystemConfig}: SDDL descriptors and the per-service table keyed by service GUID.
 */
public record HvSocketSystemConfig(
    String defaultBindSecurityDescriptor,
    String defaultConnectSecurityDescriptor,
    Map<String, HvSocketServiceConfig> serviceTable) {}
