package dev.hcsorchestrator.host;

import java.util.List;

/** What the host service says about itself; {@code mode} is "native" or "simulated". */
public record HostInfo(String mode, List<String> supportedSchemaVersions) {}
