package dev.hcsorchestrator.host.hcs.schema;

/** {@code Layer}. */
public record Layer(String id, String path, PathType pathType) {}
