package dev.hcsorchestrator.host.hcs.schema;

import java.util.List;

/** {@code BasicInformation}: an entry A.X means versions A.0 to A.X. */
public record BasicInformation(List<Version> supportedSchemaVersions) {}
