package dev.hcsorchestrator.definition;

/** A host folder mapped into a container. */
public record MappedDirectorySpec(String hostPath, String containerPath, Boolean readOnly) {}
