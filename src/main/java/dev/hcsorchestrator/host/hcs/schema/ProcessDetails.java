package dev.hcsorchestrator.host.hcs.schema;

/** {@code ProcessDetails}: one entry of a ProcessList property. */
public record ProcessDetails(Long processId, String imageName) {}
