package dev.hcsorchestrator.host.hcs.schema;

/** {@code SaveOptions} for HcsSaveComputeSystem. */
public record SaveOptions(SaveType saveType, String saveStateFilePath) {}
