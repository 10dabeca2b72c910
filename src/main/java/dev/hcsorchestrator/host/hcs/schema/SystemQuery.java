package dev.hcsorchestrator.host.hcs.schema;

import java.util.List;

/** {@code SystemQuery} for HcsEnumerateComputeSystems; each non-null list filters. */
public record SystemQuery(
    List<String> ids, List<String> names, List<SystemType> types, List<String> owners) {}
