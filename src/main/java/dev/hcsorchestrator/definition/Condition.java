package dev.hcsorchestrator.definition;

import java.time.Instant;

/** A Kubernetes-style condition; {@code status} is "True", "False" or "Unknown". */
public record Condition(
    String type, String status, String reason, String message, Instant lastTransitionTime) {}
