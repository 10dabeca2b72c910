package dev.hcsorchestrator.host.hcs.schema;

/** {@code Chipset}. */
public record Chipset(Uefi uefi, Boolean useUtc) {}
