package dev.hcsorchestrator.host.hcs.schema;

/** {@code GuestOs}. */
public record GuestOs(String hostName) {}
