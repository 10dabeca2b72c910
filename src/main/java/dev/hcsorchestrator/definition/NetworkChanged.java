package dev.hcsorchestrator.definition;

/**
 * Published by {@link Definitions} when an owner changed the type, subnet or gateway of a declared
 * network no definition uses; listeners receive it after the transaction commits (the reconciler
 * then replaces the host network it made for the old settings).
 */
public record NetworkChanged(String name) {}
