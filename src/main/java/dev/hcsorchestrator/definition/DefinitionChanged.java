package dev.hcsorchestrator.definition;

import java.util.UUID;

/**
 * Published by {@link Definitions} when an owner changed a definition; listeners receive it after
 * the transaction commits. Status writes by the reconciler publish nothing ({@link
 * DefinitionWritten} covers every write).
 */
public record DefinitionChanged(UUID id) {}
