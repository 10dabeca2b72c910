package dev.hcsorchestrator.host;

/**
 * An HCN network as an enumeration of the host found it: its id (lower case), its {@code Owner} and
 * {@code Name} (either may be null: HCN does not require them).
 */
public record ListedNetwork(String id, String owner, String name) {}
