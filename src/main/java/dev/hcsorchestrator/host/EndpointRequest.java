package dev.hcsorchestrator.host;

/** An HCN endpoint with a fixed id on a named network; {@code macAddress} may be null. */
public record EndpointRequest(String endpointId, String name, String network, String macAddress) {}
