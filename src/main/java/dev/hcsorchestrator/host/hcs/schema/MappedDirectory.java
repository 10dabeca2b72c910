package dev.hcsorchestrator.host.hcs.schema;

/** {@code MappedDirectory}. */
public record MappedDirectory(
    String hostPath, PathType hostPathType, String containerPath, Boolean readOnly) {}
