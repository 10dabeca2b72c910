package dev.hcsorchestrator.host.hcs.schema;

/** {@code PauseNotification}. */
public record PauseNotification(PauseReason reason) {}
