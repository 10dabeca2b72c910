package dev.hcsorchestrator.definition;

import java.util.UUID;

/**
 * Published by {@link Definitions} when an owner changed a definition; listeners receive it after
 * the transaction commits. Status writes by the reconciler publish nothing.
 */
public record DefinitionChanged(UUID id) {}
