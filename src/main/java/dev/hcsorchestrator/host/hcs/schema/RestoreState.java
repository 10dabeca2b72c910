package dev.hcsorchestrator.host.hcs.schema;

/** {@code RestoreState}: the saved state a VM starts from. */
public record RestoreState(String saveStateFilePath, String templateSystemId) {}
