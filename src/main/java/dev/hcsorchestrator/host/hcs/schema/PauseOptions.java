package dev.hcsorchestrator.host.hcs.schema;

/** {@code PauseOptions} for HcsPauseComputeSystem. */
public record PauseOptions(
    PauseSuspensionLevel suspensionLevel, PauseNotification hostedNotification) {}
