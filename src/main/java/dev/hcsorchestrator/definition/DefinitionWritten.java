package dev.hcsorchestrator.definition;

import java.util.UUID;

/**
 * Published for every write of a definition's spec, its status (the reconciler's writes included)
 * or its removal; listeners receive it after the transaction commits. For observers of every change
 * (the watch feed); the reconciler listens to {@link DefinitionChanged} instead, so its own status
 * writes never trigger it again.
 */
public record DefinitionWritten(UUID id) {}
