package dev.hcsorchestrator.host.hcs.schema;

/** {@code ResultError}: the error document of a failed operation. */
public record ResultError(Integer error, String errorMessage) {}
