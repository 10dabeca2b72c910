package dev.hcsorchestrator.host.hcs.schema;

/** HCN {@code Route}. */
public record HcnRoute(String nextHop, String destinationPrefix) {}
