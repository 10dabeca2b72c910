package dev.hcsorchestrator.host.hcs.schema;

/** {@code ShutdownOptions} (schema 2.5): the options string of HcsShutDownComputeSystem. */
public record ShutdownOptions(
    ShutdownMechanism mechanism, ShutdownType type, Boolean force, String reason) {}
