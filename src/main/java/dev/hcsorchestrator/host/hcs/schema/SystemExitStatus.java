package dev.hcsorchestrator.host.hcs.schema;

/** {@code SystemExitStatus}: EventData of a SystemExited event. */
public record SystemExitStatus(Integer status, NotificationType exitType) {}
