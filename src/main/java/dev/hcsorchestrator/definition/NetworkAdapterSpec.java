package dev.hcsorchestrator.definition;

/** A network adapter attached to a declared or host network; the MAC is optional. */
public record NetworkAdapterSpec(String name, String network, String macAddress) {}
