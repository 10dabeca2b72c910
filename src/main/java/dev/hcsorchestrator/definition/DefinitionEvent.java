package dev.hcsorchestrator.definition;

import java.time.Instant;

/** One entry of a definition's event history (newest first when listed). */
public record DefinitionEvent(
    Instant at, EventType type, String message, String computeSystemId, Long incarnation) {}
