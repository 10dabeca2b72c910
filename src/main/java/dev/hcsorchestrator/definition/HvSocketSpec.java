package dev.hcsorchestrator.definition;

/** A Hyper-V socket service registration the VM needs. */
public record HvSocketSpec(String serviceId, String name) {}
