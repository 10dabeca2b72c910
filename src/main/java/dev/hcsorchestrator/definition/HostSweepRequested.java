package dev.hcsorchestrator.definition;

/**
 * Which definitions this host may act on changed without their rows changing (the fleet fenced this
 * host): the reconciler sweeps the host at once for compute systems that no definition it sees
 * claims. Published by the fleet, heard by the reconciler.
 */
public record HostSweepRequested() {}
