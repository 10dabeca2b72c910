package dev.hcsorchestrator.definition;

/**
 * Published by {@link Definitions} when an owner deleted a declared network; listeners receive it
 * after the transaction commits (the reconciler then removes the host network it made).
 */
public record NetworkDeleted(String name) {}
