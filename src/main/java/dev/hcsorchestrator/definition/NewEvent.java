package dev.hcsorchestrator.definition;

/** An event to store together with a status write; see {@link Definitions#updateStatus}. */
public record NewEvent(EventType type, String message, String computeSystemId, Long incarnation) {}
