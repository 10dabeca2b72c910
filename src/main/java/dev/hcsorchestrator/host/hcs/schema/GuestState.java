package dev.hcsorchestrator.host.hcs.schema;

/** {@code GuestState}: .vmgs / .vmrs files. */
public record GuestState(
    String guestStateFilePath, String runtimeStateFilePath, Boolean forceTransientState) {}
