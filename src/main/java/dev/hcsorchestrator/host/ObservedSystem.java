package dev.hcsorchestrator.host;

/** A compute system as the host reports it. */
public record ObservedSystem(String id, String owner, SystemType type, SystemState state) {}
