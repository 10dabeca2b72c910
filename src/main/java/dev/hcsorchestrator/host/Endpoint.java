package dev.hcsorchestrator.host;

/** An HCN endpoint as the host made it. */
public record Endpoint(String id, String macAddress) {}
